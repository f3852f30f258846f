/// Short, deterministic identifiers: a one-letter kind, the seed and a counter, both in base 36
/// (`e-1-2bx`, `c-1-5k`, `m-1-zz1`).
///
/// Built byte by byte without formatting APIs; ids of up to 15 bytes are Swift small strings, so
/// making one does not allocate.
struct CompactID: Sendable {
    private static let digits: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// `<kind>-<seed36>-`.
    private let prefixBytes: [UInt8]

    /// A formatter for ids of one kind under one seed.
    init(kind: UInt8, seed: UInt64) {
        prefixBytes = [kind, UInt8(ascii: "-")] + CompactID.base36(seed) + [UInt8(ascii: "-")]
    }

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

    /// `<kind>-<seed36>-<counter36>`.
    @inline(__always)
    func make(_ counter: UInt64) -> String {
        var count = 1
        var probe = counter / 36
        while probe > 0 {
            count += 1
            probe /= 36
        }
        let length = prefixBytes.count + count
        return String(unsafeUninitializedCapacity: length) { buffer in
            prefixBytes.withUnsafeBufferPointer { prefix in
                for index in prefix.indices { buffer[index] = prefix[index] }
            }
            var remaining = counter
            var end = length - 1
            CompactID.digits.withUnsafeBufferPointer { table in
                while end >= prefixBytes.count {
                    buffer[end] = table[Int(remaining % 36)]
                    remaining /= 36
                    end -= 1
                }
            }
            return length
        }
    }
}
