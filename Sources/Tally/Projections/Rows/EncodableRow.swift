/// A projection row that writes its stored form (flushes encode rows in place through this, so a
/// row held in an overlay is never copied first).
protocol EncodableRow {
    func encode(into w: inout ByteWriter)
}

extension ConversationRow: EncodableRow {}
extension UserRow: EncodableRow {}
