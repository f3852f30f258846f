/// A byte-string dictionary key that hashes its bytes in one call (an `[UInt8]` key hashes each
/// byte separately, which dominated the overlay's cost for message and rating targets).
struct ByteKey: Hashable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }
}
