/// A JSON object that keeps its members in source order.
///
/// Keys are unique when the object comes from `JSONParser` with its default options (duplicates
/// are a parse error). Lookup by key is a linear scan: these objects are small, and large ones
/// (a LiteLLM file's top level) are iterated, not searched.
public struct JSONObject: Hashable, Sendable, RandomAccessCollection {
    /// One member: a key and its value.
    public struct Member: Hashable, Sendable {
        /// The member's name.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object with these members, in this order.
    public init(_ members: [Member]) {
        self.members = members
    }

    /// An object from key–value pairs, in this order.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        members = pairs.map { Member(key: $0.key, value: $0.value) }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value of the first member named `key`.
    ///
    /// - Complexity: O(*n*).
    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key {
            return member.value
        }
        return nil
    }

    /// Appends a member (or replaces the value of an existing one, keeping its position).
    public mutating func set(_ key: String, _ value: JSONValue) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append(Member(key: key, value: value))
        }
    }

    /// Appends a member without checking for an existing key (the parser's path).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }
}
