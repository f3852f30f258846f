extension Event {
    /// A deterministic id derived from the event's content (its canonical NDJSON without an id):
    /// `c-` and 32 hex digits. `tally import` gives it to lines without an `id`, so re-running an
    /// interrupted import appends nothing twice. Two events with identical content and no id are
    /// therefore one event; give ids to tell such events apart.
    public var contentID: String {
        var copy = self
        copy.id = nil
        var bytes: [UInt8] = []
        NDJSONEventEncoder().encode(copy, into: &bytes, newline: false)
        // Two FNV-1a lanes with different offsets and a final avalanche: 128 bits.
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x84222325_cbf29ce4
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte) ^ 0x5A) &* 0x0000_0100_0000_01B3
        }
        func mix(_ x: UInt64) -> UInt64 {
            var z = x
            z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
            return z ^ (z >> 33)
        }
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("c-".utf8)
        for lane in [mix(a), mix(b ^ a)] {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(hex[Int((lane >> UInt64(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
