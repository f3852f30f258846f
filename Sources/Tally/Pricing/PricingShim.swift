// TEMPORARY until the pricing layer merges: the minimal API the projections use.
public struct PriceBook: Hashable, Sendable {
    public var id = "shim"
    public static func parse(bytes: [UInt8]) throws -> PriceBook { PriceBook() }
    public func resolver() -> PriceResolver { PriceResolver() }
}
public struct PriceResolver: Sendable {
    public func match(model: String, provider: String?, at: Timestamp) -> PriceMatch? { nil }
}
public struct PriceMatch: Sendable {
    public var validFrom: Timestamp
    public var validUntil: Timestamp
    public func cost(_ usage: TokenUsage) -> Money { .zero }
}
public struct TokenUsage: Sendable {
    public var input: Int64, output: Int64, cachedInput: Int64, cacheWrite: Int64
}
