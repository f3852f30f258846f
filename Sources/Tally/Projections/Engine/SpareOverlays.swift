/// The emptied storage of a batch's overlays that grow with its number of events, handed to the
/// engine's next batch: a long replay then does not regrow them in every chunk, nor fault their
/// freshly allocated pages in again.
struct SpareOverlays {
    var conversations = OverlayTable<Symbol, ConversationRow>(capacity: 1024)
    var users = OverlayTable<Symbol, UserRow>(capacity: 1024)
    var ratings = OverlayTable<ByteKey, AppliedRating?>()
    var recentMessages = RecentMessages()
}
