extension Dictionary {
    /// Runs `body` on the value for `key` in place — one hash lookup and no copy when it is
    /// present — loading it first when absent.
    @inline(__always)
    mutating func withValue<R>(_ key: Key, load: () throws -> Value, _ body: (inout Value) throws -> R) rethrows -> R {
        if let index = index(forKey: key) {
            return try body(&values[index])
        }
        var value = try load()
        let result = try body(&value)
        self[key] = value
        return result
    }
}
