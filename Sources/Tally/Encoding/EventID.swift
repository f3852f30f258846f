/// Event ids in their stored form.
///
/// A canonical lowercase UUID (`8-4-4-4-12` hex) is stored as 16 bytes; any other id as its UTF-8
/// bytes. The first byte of the stored form says which, so the two forms can never collide in the
/// id index.
public enum EventID {
    /// Stored-form tag: the UTF-8 bytes follow.
    public static let inlineTag: UInt8 = 0
    /// Stored-form tag: 16 UUID bytes follow.
    public static let uuidTag: UInt8 = 1

    /// Appends the stored form of `id` (tag + bytes) to `out`.
    public static func appendStoredForm(of id: String, to out: inout [UInt8]) {
        var copy = id
        copy.withUTF8 { utf8 in
            if utf8.count == 36, let uuid = parseUUID(utf8) {
                out.append(uuidTag)
                out.append(contentsOf: uuid)
            } else {
                out.append(inlineTag)
                out.append(contentsOf: utf8)
            }
        }
    }

    /// The text of a stored-form id, or `nil` when the stored form is not one `appendStoredForm`
    /// writes for a valid (non-empty) id.
    public static func text(ofStoredForm stored: UnsafeRawBufferPointer) -> String? {
        guard let tag = stored.first else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: stored[1...])
        switch tag {
        case inlineTag where !body.isEmpty: return String(validating: body, as: UTF8.self)
        case uuidTag where body.count == 16: return formatUUID(body)
        default: return nil
        }
    }

    /// A random (version 4) UUID string, for events appended without an id.
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        var a = generator.next()
        var b = generator.next()
        withUnsafeBytes(of: &a) { for i in 0..<8 { bytes[i] = $0[i] } }
        withUnsafeBytes(of: &b) { for i in 0..<8 { bytes[8 + i] = $0[i] } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes.withUnsafeBytes { formatUUID($0) }
    }

    static func parseUUID(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(16)
        var high: UInt8? = nil
        for (index, c) in utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c - UInt8(ascii: "a") + 10
            default: return nil // uppercase ids stay inline so their text round-trips exactly
            }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out.count == 16 ? out : nil
    }

    static func formatUUID(_ bytes: UnsafeRawBufferPointer) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
