/// One fact appended to the log: the envelope (`id`, `ts`, `tenant`) and a typed payload.
///
/// Values of this type are what services append and what `export` prints. The log stores them in
/// a compact binary form (see `EventCodec`); projections read that form directly rather than this
/// type, so building an `Event` is never on the rebuild path.
public struct Event: Hashable, Sendable {
    /// Client-chosen id, 1–64 bytes of UTF-8. `nil` asks the log to generate one (a UUID).
    /// An event whose id is already stored is a duplicate and is not appended again.
    public var id: String?
    /// When it happened (UTC, millisecond resolution).
    public var ts: Timestamp
    /// The tenant the event belongs to; `"default"` unless given.
    public var tenant: String
    /// The type-specific payload.
    public var payload: EventPayload

    /// The tenant events get when none is given.
    public static let defaultTenant = "default"

    public init(id: String? = nil, ts: Timestamp, tenant: String = Event.defaultTenant, payload: EventPayload) {
        self.id = id
        self.ts = ts
        self.tenant = tenant
        self.payload = payload
    }

    /// The event's type.
    public var type: EventType { payload.type }
}

/// The six event types of the log, with their NDJSON names.
public enum EventType: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case interaction = 1
    case rating = 2
    case handoff = 3
    case deployment = 4
    case priceBook = 5
    case budget = 6

    /// The NDJSON `type` value.
    public var name: String {
        switch self {
        case .interaction: "interaction"
        case .rating: "rating"
        case .handoff: "handoff"
        case .deployment: "deployment"
        case .priceBook: "price_book"
        case .budget: "budget"
        }
    }

    public var description: String { name }

    /// The type named by an NDJSON `type` value.
    public init?(name: some StringProtocol) {
        guard let match = EventType.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}

/// The typed payload of an event.
public enum EventPayload: Hashable, Sendable {
    case interaction(Interaction)
    case rating(Rating)
    case handoff(Handoff)
    case deployment(Deployment)
    case priceBook(PriceBookChange)
    case budget(Budget)

    /// The event type this payload belongs to.
    public var type: EventType {
        switch self {
        case .interaction: .interaction
        case .rating: .rating
        case .handoff: .handoff
        case .deployment: .deployment
        case .priceBook: .priceBook
        case .budget: .budget
        }
    }
}
