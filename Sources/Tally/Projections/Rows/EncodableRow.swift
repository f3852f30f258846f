/// A projection row that writes its stored form in place: `inout` only so that a large row is
/// read where it lies in its overlay (a row passed by value is copied at each call, retaining the
/// arrays it holds); encoding does not change it.
protocol EncodableRow {
    static func encode(_ row: inout Self, into w: inout ByteWriter)
}

extension ConversationRow: EncodableRow {}
extension UserRow: EncodableRow {}
