/// A realistic, deterministic stream of events for demos, tests and benchmarks.
///
/// Several tenants with their own daily rhythm, agents backed by real models at real prices,
/// Zipf-skewed users, multi-turn conversations with prompt caching, reasoning, tool calls, errors,
/// timeouts, fallbacks and escalations, ratings (some re-rated, some arriving before the
/// interaction they rate), and a storyline (`scenario`): two price books with a price cut in
/// between, budgets sized to be crossed, and a fine-tuned model whose deployment is followed by a
/// regression. Token counts and arrival burstiness are calibrated on the Azure LLM inference trace
/// (`AzureTraceCalibration`).
///
/// The stream is lazy: iterating holds only the events of conversations still in progress, so
/// ten million events stream in bounded memory. It yields exactly `configuration.eventCount`
/// events in log order: `ts` never decreases, except for the interactions that arrive late on
/// purpose (`lateArrivalFraction`), which carry the earlier time at which they happened.
///
/// ```swift
/// let generator = try DemoGenerator(DemoGeneratorConfiguration(seed: 7, eventCount: 1_000_000))
/// var events = generator.makeIterator()
/// var batch: [Event] = []
/// repeat {
///     events.fill(&batch, upTo: 10_000)
///     // append `batch` to the log
/// } while !batch.isEmpty
/// ```
public struct DemoGenerator: Sequence, Sendable {
    /// What this generator was made from.
    public let configuration: DemoGeneratorConfiguration
    /// The storyline: deployment, regression window, price change, budgets.
    public let scenario: DemoScenario
    /// Events per conversation the calibration pre-pass measured (used to pace arrivals).
    public let eventsPerConversation: Double

    private let prototype: ConversationBuilder
    private let materializer: EventMaterializer
    private let arrivals: DemoArrivals
    private let fixedEvents: [Event]

    /// Random streams, one per concern.
    private enum Stream: UInt64 { case arrivals = 1, conversations = 2, users = 3, calibration = 4, envelope = 5 }

    /// Checks the configuration and prepares the storyline (a quick simulation of a few thousand
    /// conversations sizes the arrival rate and the budgets).
    public init(_ configuration: DemoGeneratorConfiguration) throws(DemoGeneratorError) {
        try configuration.validate()
        self.configuration = configuration
        let seed = configuration.seed
        let tenants = configuration.tenants
        let profiles = tenants.indices.map { TenantProfile.builtIn[$0 % TenantProfile.builtIn.count] }

        // The storyline's times.
        let start = configuration.start.milliseconds
        let days = Int64(configuration.days)
        let end = start + days * Timestamp.dayMs
        let deploymentAt = start + (days / 2) * Timestamp.dayMs + 15 * Timestamp.hourMs
        let regressionEnd = deploymentAt + Int64(configuration.regressionHours) * Timestamp.hourMs
        let priceChangeAt = days >= 2 ? start + Swift.max(1, days * 2 / 5) * Timestamp.dayMs : start + 12 * Timestamp.hourMs

        // Users (names shuffled so the most active is not always number 1) and QA reviewers.
        var userRandom = SeededRandom(seed: seed, stream: Stream.users.rawValue)
        let userCount = configuration.resolvedUsersPerTenant
        var users: [[String]] = []
        var reviewers: [[String]] = []
        for tenant in tenants {
            var names = (0..<userCount).map { "\(tenant)-u\($0 + 1)" }
            for index in stride(from: names.count - 1, to: 0, by: -1) {
                names.swapAt(index, userRandom.below(index + 1))
            }
            users.append(names)
            reviewers.append((1...4).map { "\(tenant)-qa\($0)" })
        }

        let builder = ConversationBuilder(
            profiles: profiles, userCount: userCount, reviewerCount: 4,
            zipf: ZipfSampler(count: userCount, exponent: 0.8), deploymentAt: deploymentAt, regressionEnd: regressionEnd,
            priceChangeAt: priceChangeAt, lateArrivalFraction: configuration.lateArrivalFraction)

        // Pre-pass: simulate conversations of each tenant (then thrown away) to learn events per
        // conversation and spend per conversation under both books.
        let measured = DemoGenerator.probe(builder: builder, tenants: tenants.count, seed: seed, at: start)

        var phaseRandom = SeededRandom(seed: seed, stream: Stream.envelope.rawValue)
        var arrivals = DemoArrivals(
            profiles: profiles, start: configuration.start, days: configuration.days,
            envelopePhase: Int64(phaseRandom.below(AzureTraceCalibration.minuteEnvelope.count)))
        var shareSum = 0.0
        var perConversation = 0.0
        for index in tenants.indices {
            let weight = arrivals.periodWeight(tenant: index)
            shareSum += weight
            perConversation += weight * measured.eventsPerConversation[index]
        }
        perConversation = shareSum > 0 ? perConversation / shareSum : 1
        self.eventsPerConversation = perConversation

        // The events at fixed times: books, registry, budgets, the fine-tuned deployment.
        let initialBook = DemoPriceBook.json(id: "demo-list-" + configuration.start.dayString, effectiveFrom: configuration.start, revised: false)
        let changeTime = Timestamp(milliseconds: priceChangeAt)
        let revisedBook = DemoPriceBook.json(id: "demo-list-" + changeTime.dayString, effectiveFrom: changeTime, revised: true)
        var fixed: [Event] = []
        for (index, tenant) in tenants.enumerated() {
            fixed.append(Event(ts: configuration.start, tenant: tenant, payload: .priceBook(PriceBookChange(bookJSON: initialBook))))
            var deployed = Set<Int>()
            for choice in profiles[index].models {
                for model in choice.values where deployed.insert(model).inserted {
                    let m = DemoCatalog.models[model]
                    fixed.append(Event(ts: configuration.start, tenant: tenant, payload: .deployment(Deployment(
                        model: m.name, provider: m.provider, action: .deployed, trainingMethod: "base",
                        baseModel: nil, version: m.version, endpoint: DemoGenerator.endpoint(m.provider)))))
                }
            }
        }
        arrivals.calibrate(conversations: Swift.max(0, Double(configuration.eventCount - fixed.count - 2 * tenants.count)) / Swift.max(perConversation, 1))

        var budgets: [DemoBudget] = []
        // The first tenant's monthly budget: 60 % of what it is expected to spend in the
        // period's first calendar month, so it is crossed about two thirds of the way in.
        let (startYear, startMonth, _) = CivilDate.fromEpochDay(configuration.start.epochDay)
        var monthSpend = 0.0
        for hour in (start / Timestamp.hourMs)..<(end / Timestamp.hourMs) {
            let (y, m, _) = CivilDate.fromEpochDay(hour / 24)
            guard y == startYear, m == startMonth else { continue }
            let revised = hour * Timestamp.hourMs >= priceChangeAt
            monthSpend += arrivals.expectedConversations(tenant: 0, epochHour: hour) * measured.spend(tenant: 0, agent: nil, revised: revised)
        }
        budgets.append(DemoBudget(
            tenant: tenants[0],
            budget: Budget(scope: .tenant, scopeID: tenants[0], period: .month, amount: DemoGenerator.money(dollars: 0.6 * monthSpend)),
            expectedSpend: DemoGenerator.money(dollars: monthSpend)))
        // The second tenant's daily budget for its research agent: 10 % above its mean day, so
        // busy weekdays cross it and quiet days do not.
        if tenants.count > 1 {
            var total = 0.0
            for hour in (start / Timestamp.hourMs)..<(end / Timestamp.hourMs) {
                let revised = hour * Timestamp.hourMs >= priceChangeAt
                total += arrivals.expectedConversations(tenant: 1, epochHour: hour) * measured.spend(tenant: 1, agent: .research, revised: revised)
            }
            let meanDay = total / Double(configuration.days)
            budgets.append(DemoBudget(
                tenant: tenants[1],
                budget: Budget(scope: .agent, scopeID: DemoAgent.research.name, period: .day, amount: DemoGenerator.money(dollars: 1.1 * meanDay)),
                expectedSpend: DemoGenerator.money(dollars: meanDay)))
        }
        for budget in budgets {
            fixed.append(Event(ts: configuration.start, tenant: budget.tenant, payload: .budget(budget.budget)))
        }
        for tenant in tenants {
            fixed.append(Event(ts: changeTime, tenant: tenant, payload: .priceBook(PriceBookChange(bookJSON: revisedBook))))
        }
        let fineTuned = DemoCatalog.models[DemoCatalog.ID.fineTuned.rawValue]
        fixed.append(Event(ts: Timestamp(milliseconds: deploymentAt), tenant: tenants[0], payload: .deployment(Deployment(
            model: fineTuned.name, provider: fineTuned.provider, action: .deployed, trainingMethod: "sft",
            baseModel: "gpt-4o-mini", version: fineTuned.version, endpoint: DemoGenerator.endpoint(fineTuned.provider)))))
        self.fixedEvents = fixed
        self.materializer = EventMaterializer(
            seed: seed, tenantNames: tenants, users: users, reviewers: reviewers,
            experimentArms: profiles.map(\.experimentArms), fixedEvents: fixed)
        self.prototype = builder
        self.arrivals = arrivals
        self.scenario = DemoScenario(
            start: configuration.start, end: Timestamp(milliseconds: end), tenants: tenants,
            fineTunedModel: fineTuned.name, fineTunedTenant: tenants[0], fineTunedAgent: DemoAgent.billing.name,
            deploymentAt: Timestamp(milliseconds: deploymentAt), regressionEnd: Timestamp(milliseconds: regressionEnd),
            repricedModel: DemoCatalog.repricedModelName, priceChangeAt: changeTime,
            initialPriceBook: initialBook, revisedPriceBook: revisedBook, budgets: budgets)
    }

    /// A generator with the default configuration except for these.
    public init(seed: UInt64, eventCount: Int, days: Int = 14) throws(DemoGeneratorError) {
        try self.init(DemoGeneratorConfiguration(seed: seed, eventCount: eventCount, days: days))
    }

    /// A fresh pass over the stream, from its first event (every pass yields the same events).
    public func makeIterator() -> Iterator {
        Iterator(generator: self)
    }

    /// Yields the events one by one (`next()`) or in batches (`next(upTo:)`, `fill(_:upTo:)`).
    public struct Iterator: IteratorProtocol, Sendable {
        private var builder: ConversationBuilder
        private var materializer: EventMaterializer
        private var arrivals: DemoArrivals
        private var pending = PendingEvents()
        private var arrivalRandom: SeededRandom
        private var conversationRandom: SeededRandom
        private var nextStart: Double
        private let eventIDs: CompactID
        private let limit: Int
        /// How many events have been yielded so far.
        public private(set) var produced = 0

        init(generator: DemoGenerator) {
            builder = generator.prototype
            materializer = generator.materializer
            arrivals = generator.arrivals
            let seed = generator.configuration.seed
            arrivalRandom = SeededRandom(seed: seed, stream: Stream.arrivals.rawValue)
            conversationRandom = SeededRandom(seed: seed, stream: Stream.conversations.rawValue)
            eventIDs = CompactID(kind: UInt8(ascii: "e"), seed: seed)
            limit = generator.configuration.eventCount
            for (index, event) in generator.fixedEvents.enumerated() {
                let record = PendingRecord(kind: .fixed, tenant: 0, ts: event.ts.milliseconds, conversation: UInt64(index))
                pending.push(record, logTime: record.ts)
            }
            let start = Double(generator.configuration.start.milliseconds)
            nextStart = start + arrivals.gap(after: start, random: &arrivalRandom)
        }

        /// The next event in log order, or `nil` after `eventCount` events.
        public mutating func next() -> Event? {
            guard let record = nextRecord() else { return nil }
            let id = eventIDs.make(UInt64(produced))
            produced += 1
            return materializer.event(from: record, id: id)
        }

        /// The next record in log order: the earliest pending one, once no conversation that
        /// starts before it remains to be simulated.
        private mutating func nextRecord() -> PendingRecord? {
            guard produced < limit else { return nil }
            while true {
                if let earliest = pending.earliestLogTime, Double(earliest) <= nextStart, let record = pending.pop() {
                    return record
                }
                let at = nextStart
                let tenant = arrivals.tenant(at: at, random: &arrivalRandom)
                builder.build(at: Int64(at), tenant: tenant, random: &conversationRandom, into: &pending)
                nextStart = at + arrivals.gap(after: at, random: &arrivalRandom)
            }
        }

        /// Up to `count` next events (fewer only at the end of the stream; empty when done).
        public mutating func next(upTo count: Int) -> [Event] {
            var batch: [Event] = []
            fill(&batch, upTo: count)
            return batch
        }

        /// Replaces the contents of `batch` with up to `count` next events, keeping its storage,
        /// so a loop appending batches to a log allocates its buffer once.
        public mutating func fill(_ batch: inout [Event], upTo count: Int) {
            batch.removeAll(keepingCapacity: true)
            batch.reserveCapacity(Swift.max(0, Swift.min(count, limit - produced)))
            while batch.count < count, let event = next() { batch.append(event) }
        }
    }

    // MARK: - Calibration pre-pass

    private struct Probe {
        var eventsPerConversation: [Double]
        /// Spend per conversation: [tenant][agent + 1] (index 0: all agents) × [initial, revised].
        var spendPerConversation: [[[Double]]]

        func spend(tenant: Int, agent: DemoAgent?, revised: Bool) -> Double {
            spendPerConversation[tenant][(agent?.rawValue ?? -1) + 1][revised ? 1 : 0]
        }
    }

    private static let probeConversations = 600

    private static func probe(builder prototype: ConversationBuilder, tenants: Int, seed: UInt64, at start: Int64) -> Probe {
        var builder = prototype
        var random = SeededRandom(seed: seed, stream: Stream.calibration.rawValue)
        var pending = PendingEvents()
        var events: [Double] = []
        var spend: [[[Double]]] = []
        for tenant in 0..<tenants {
            var count = 0
            var sums = Array(repeating: [0.0, 0.0], count: DemoAgent.allCases.count + 1)
            for _ in 0..<probeConversations {
                builder.build(at: start, tenant: tenant, random: &random, into: &pending)
                while let record = pending.pop() {
                    count += 1
                    guard record.kind == .interaction else { continue }
                    for (slot, revised) in [false, true].enumerated() {
                        let cost = DemoScenario.cost(
                            model: Int(record.model), revised: revised, input: Int64(record.input), cached: Int64(record.cached),
                            cacheWrite: Int64(record.cacheWrite), output: Int64(record.output)).approximateDollars
                        sums[0][slot] += cost
                        sums[Int(record.agent) + 1][slot] += cost
                    }
                }
            }
            events.append(Double(count) / Double(probeConversations))
            spend.append(sums.map { $0.map { $0 / Double(probeConversations) } })
        }
        return Probe(eventsPerConversation: events, spendPerConversation: spend)
    }

    /// An estimate in dollars as whole cents (estimates only; never a sum of costs).
    private static func money(dollars: Double) -> Money {
        let cents = Swift.max(1, (dollars * 100).rounded())
        return Money(picodollars: Int128(cents) * 10_000_000_000)
    }

    /// The public API endpoint of a provider, for `deployment` events.
    private static func endpoint(_ provider: String) -> String? {
        switch provider {
        case "openai": "https://api.openai.com/v1/chat/completions"
        case "anthropic": "https://api.anthropic.com/v1/messages"
        case "google": "https://generativelanguage.googleapis.com/v1beta"
        case "mistral": "https://api.mistral.ai/v1/chat/completions"
        case "deepseek": "https://api.deepseek.com/chat/completions"
        default: nil
        }
    }
}
