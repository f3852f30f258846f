import Foundation

/// A what-if scenario file of `Replay/scenarios/`: a price book and/or a model remap.
///
/// ```json
/// {"description": "What if the research agent's gpt-4o calls had gone to gpt-4o-mini?",
///  "book": "../books/list-2026-11.json",
///  "map": {"gpt-4o": "gpt-4o-mini", "o3": {"model": "claude-sonnet-4-6", "provider": "anthropic"}},
///  "agents": ["research"]}
/// ```
///
/// - `book` (optional): a price book path, relative to the scenario file; absent means the
///   baseline book.
/// - `map` (optional): old model name → new one. An interaction whose model equals an old name
///   (case-insensitively) is priced as the new model. The new model is looked up with the
///   provider the mapping names, or with none (any provider) when it names none — the original
///   call's provider says nothing about where the new model is served.
/// - `agents` (optional): remap only these agents' interactions.
///
/// On the command line the same remap is `--map old=new` (repeatable).
public struct WhatIfScenario: Hashable, Sendable {
    /// One model remap.
    public struct Remap: Hashable, Sendable {
        /// The model name interactions carry.
        public var from: String
        /// The model to price them as.
        public var to: String
        /// The provider to price the new model with; `nil` for any.
        public var provider: String?

        public init(from: String, to: String, provider: String? = nil) {
            self.from = from
            self.to = to
            self.provider = provider
        }

        /// Reads a command-line `old=new` argument.
        public init?(argument: String) {
            guard let eq = argument.firstIndex(of: "=") else { return nil }
            let from = String(argument[..<eq]), to = String(argument[argument.index(after: eq)...])
            guard !from.isEmpty, !to.isEmpty else { return nil }
            self.init(from: from, to: to)
        }
    }

    /// What the scenario asks.
    public var description: String?
    /// The book's path as written in the file (relative to it), if any.
    public var book: String?
    /// The book's path resolved against the scenario file's folder, if any.
    public var bookPath: String?
    /// Model remaps.
    public var remaps: [Remap]
    /// Agents whose interactions are remapped; `nil` for all.
    public var agents: Set<String>?

    public init(description: String? = nil, book: String? = nil, bookPath: String? = nil, remaps: [Remap] = [], agents: Set<String>? = nil) {
        self.description = description
        self.book = book
        self.bookPath = bookPath ?? book
        self.remaps = remaps
        self.agents = agents
    }

    /// The model and provider to price an interaction as, or `nil` when the scenario leaves it
    /// unchanged.
    public func remap(model: String, agent: String) -> (model: String, provider: String?)? {
        if let agents, !agents.contains(agent) { return nil }
        let key = model.lowercased()
        guard let remap = remaps.first(where: { $0.from.lowercased() == key }) else { return nil }
        return (remap.to, remap.provider)
    }

    /// Reads a scenario from parsed JSON; `directory` resolves a relative `book` path.
    public static func parse(json: JSONValue, directory: String? = nil) throws(PriceBookError) -> WhatIfScenario {
        func fail(_ field: String, _ reason: String) -> PriceBookError {
            .invalidField(field: field, entry: nil, model: nil, reason: reason)
        }
        guard let object = json.objectValue else { throw fail("(root)", "a scenario is an object, found \(json.kindDescription)") }
        for member in object where !["$schema", "description", "book", "map", "agents"].contains(member.key) {
            throw fail(member.key, "unknown field (allowed: description, book, map, agents)")
        }
        var scenario = WhatIfScenario()
        if let value = object["description"], !value.isNull {
            guard let text = value.stringValue else { throw fail("description", "expected a string") }
            scenario.description = text
        }
        if let value = object["book"], !value.isNull {
            guard let path = value.stringValue, !path.isEmpty else { throw fail("book", "expected a path") }
            scenario.book = path
            if path.hasPrefix("/") || directory == nil {
                scenario.bookPath = path
            } else if let directory {
                scenario.bookPath = URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
            }
        }
        if let value = object["map"], !value.isNull {
            guard let map = value.objectValue else { throw fail("map", "expected an object of old model → new model") }
            for member in map {
                guard !member.key.isEmpty else { throw fail("map", "an empty model name") }
                if let to = member.value.stringValue, !to.isEmpty {
                    scenario.remaps.append(Remap(from: member.key, to: to))
                } else if let target = member.value.objectValue, let to = target["model"]?.stringValue, !to.isEmpty {
                    for k in target.keys where k != "model" && k != "provider" {
                        throw fail("map.\(member.key).\(k)", "unknown field (allowed: model, provider)")
                    }
                    let provider = target["provider"]?.stringValue
                    if target["provider"] != nil, !(target["provider"]?.isNull ?? true), provider == nil {
                        throw fail("map.\(member.key).provider", "expected a string")
                    }
                    scenario.remaps.append(Remap(from: member.key, to: to, provider: provider))
                } else {
                    throw fail("map.\(member.key)", "expected a model name or {\"model\", \"provider\"}")
                }
            }
        }
        if let value = object["agents"], !value.isNull {
            guard let list = value.arrayValue else { throw fail("agents", "expected an array of agent names") }
            var agents = Set<String>()
            for (i, item) in list.enumerated() {
                guard let name = item.stringValue, !name.isEmpty else { throw fail("agents[\(i)]", "expected an agent name") }
                agents.insert(name)
            }
            scenario.agents = agents
        }
        if scenario.bookPath == nil, scenario.remaps.isEmpty {
            throw fail("(root)", "a scenario names a book, a map, or both")
        }
        return scenario
    }

    /// Reads a scenario file; a relative `book` is resolved against the file's folder.
    public static func load(path: String) throws(PriceBookError) -> WhatIfScenario {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, reason: "no such file") }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch { throw .syntax(error) }
        return try parse(json: json, directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }
}
