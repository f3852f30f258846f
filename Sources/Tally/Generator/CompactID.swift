/// Short, deterministic identifiers: a one-letter kind, the seed and a counter, both in base 36
/// (`e-1-2bx`, `c-1-5k`, `m-1-zz1`).
///
/// Built byte by byte without formatting APIs; ids of up to 15 bytes are Swift small strings, so
/// making one does not allocate.
enum CompactID {
    private static let digits: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// The base-36 digits of `value` (`"0"` for zero).
    static func base36(_ value: UInt64) -> [UInt8] {
        var remaining = value
        var out: [UInt8] = []
        repeat {
            out.append(digits[Int(remaining % 36)])
            remaining /= 36
        } while remaining > 0
        return out.reversed()
    }

    /// `<kind>-<seed36>-<counter36>`, where `seedDigits` is `base36(seed)`.
    @inline(__always)
    static func make(kind: UInt8, seedDigits: [UInt8], counter: UInt64) -> String {
        var count = 1
        var probe = counter / 36
        while probe > 0 {
            count += 1
            probe /= 36
        }
        let length = 2 + seedDigits.count + 1 + count
        return String(unsafeUninitializedCapacity: length) { buffer in
            buffer[0] = kind
            buffer[1] = UInt8(ascii: "-")
            var at = 2
            for byte in seedDigits {
                buffer[at] = byte
                at += 1
            }
            buffer[at] = UInt8(ascii: "-")
            var remaining = counter
            var end = length - 1
            digits.withUnsafeBufferPointer { table in
                while end > at {
                    buffer[end] = table[Int(remaining % 36)]
                    remaining /= 36
                    end -= 1
                }
            }
            return length
        }
    }
}
