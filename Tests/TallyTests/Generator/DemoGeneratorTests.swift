import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Tally

@Suite("Demo generator")
struct DemoGeneratorTests {
    /// One medium stream shared by the tests that only read it (generated once).
    static let sample: (generator: DemoGenerator, events: [Event]) = {
        // A fixed, valid configuration: it cannot throw.
        let generator = try! DemoGenerator(DemoGeneratorConfiguration(seed: 42, eventCount: 150_000, days: 10))
        return (generator, Array(generator))
    }()

    @Test("the same seed gives the same events, another seed others")
    func determinism() throws {
        let a = Array(try DemoGenerator(seed: 3, eventCount: 20_000, days: 3))
        let b = Array(try DemoGenerator(seed: 3, eventCount: 20_000, days: 3))
        let c = Array(try DemoGenerator(seed: 4, eventCount: 20_000, days: 3))
        #expect(a == b)
        #expect(a.count == 20_000 && c.count == 20_000)
        let differing = zip(a, c).filter { $0.payload != $1.payload || $0.ts != $1.ts }.count
        #expect(differing > 19_000, "another seed changes nearly every event, got \(differing) differing")
        #expect(Set(a.compactMap(\.id)).isDisjoint(with: c.compactMap(\.id)), "ids of different seeds never collide")
    }

    @Test("iterating in batches gives the same stream as one by one")
    func batches() throws {
        let generator = try DemoGenerator(seed: 9, eventCount: 5_003, days: 2)
        var iterator = generator.makeIterator()
        var batched: [Event] = []
        while case let batch = iterator.next(upTo: 1_000), !batch.isEmpty {
            #expect(batch.count <= 1_000)
            batched += batch
        }
        #expect(batched == Array(generator))
        #expect(iterator.next() == nil)
        var reused = generator.makeIterator()
        var buffer: [Event] = []
        var filled: [Event] = []
        repeat {
            reused.fill(&buffer, upTo: 777)
            filled += buffer
        } while !buffer.isEmpty
        #expect(filled == batched && reused.produced == 5_003)
    }

    @Test("exactly the requested count, also for tiny and empty streams", arguments: [0, 1, 7, 40, 1_234])
    func exactCount(count: Int) throws {
        let events = Array(try DemoGenerator(seed: 1, eventCount: count, days: 1))
        #expect(events.count == count)
    }

    @Test("ids are unique and compact")
    func idsUnique() throws {
        let events = Self.sample.events
        let ids = events.compactMap(\.id)
        #expect(ids.count == events.count)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("e-16-") && $0.utf8.count <= 15 }, "seed 42 is 16 in base 36")
        var messages = Set<String>()
        for event in events {
            if case let .interaction(call) = event.payload, let message = call.messageID {
                #expect(messages.insert(message).inserted, "message id \(message) repeated")
            }
        }
    }

    @Test("ts never decreases, except the interactions that arrive late, each after its rating")
    func orderAndLateArrivals() throws {
        let events = Self.sample.events
        var high = Timestamp(milliseconds: .min)
        var late: [Event] = []
        var ratedMessages = Set<String>()
        var lateRatedFirst = 0
        for event in events {
            if event.ts < high {
                late.append(event)
                if case let .interaction(call) = event.payload, let message = call.messageID, ratedMessages.contains(message) {
                    lateRatedFirst += 1
                }
            } else {
                high = event.ts
            }
            if case let .rating(rating) = event.payload, let message = rating.messageID { ratedMessages.insert(message) }
        }
        #expect(late.allSatisfy { $0.type == .interaction }, "only interactions arrive late")
        #expect(late.count > 50, "late arrivals present: \(late.count)")
        #expect(lateRatedFirst == late.count, "each late interaction's rating came before it")

        // With no late arrivals, ts is non-decreasing throughout.
        var config = DemoGeneratorConfiguration(seed: 42, eventCount: 30_000, days: 3)
        config.lateArrivalFraction = 0
        let strict = Array(try DemoGenerator(config))
        #expect(zip(strict, strict.dropFirst()).allSatisfy { $0.ts <= $1.ts })
    }

    @Test("every event obeys the SPEC's rules")
    func everyEventValid() {
        var failures = 0
        for (index, event) in Self.sample.events.enumerated() {
            let problems = specViolations(event)
            if !problems.isEmpty {
                failures += 1
                if failures <= 5 { Issue.record("event \(index) (\(event.type)): \(problems.joined(separator: ", "))") }
            }
        }
        #expect(failures == 0)
    }

    @Test("the mix: tenants, agents, models, statuses, caching, reasoning, tools, ratings, handoffs")
    func contentMix() throws {
        let events = Self.sample.events
        var types: [EventType: Int] = [:]
        var tenants = Set<String>(), agents = Set<String>(), models = Set<String>(), tasks = Set<String>()
        var statuses: [InteractionStatus: Int] = [:]
        var reasons: [String: Int] = [:]
        var calls = 0, cachedCalls = 0, writeCalls = 0, reasoningCalls = 0, toolCalls = 0, toolFailures = 0
        var reported = 0, experiments = Set<String>(), attributed = 0, laterTurnsCached = 0, laterTurns = 0
        var stars = 0, thumbs = 0, messageRatings = 0, conversationRatings = 0, judged = 0, tagged = 0
        var seenConversation = Set<String>()
        var raterTargets: [String: Int] = [:]
        for event in events {
            types[event.type, default: 0] += 1
            tenants.insert(event.tenant)
            switch event.payload {
            case let .interaction(call):
                calls += 1
                agents.insert(call.agent); models.insert(call.model)
                if let task = call.taskType { tasks.insert(task) }
                statuses[call.status, default: 0] += 1
                if call.cachedInputTokens > 0 { cachedCalls += 1 }
                if call.cacheWriteTokens > 0 { writeCalls += 1 }
                if call.reasoningTokens > 0 { reasoningCalls += 1 }
                if call.toolCalls > 0 { toolCalls += 1 }
                if call.toolFailures > 0 { toolFailures += 1 }
                if call.reportedCost != nil { reported += 1 }
                if let experiment = call.experiment { experiments.insert(experiment) }
                if !call.attributes.isEmpty { attributed += 1 }
                if !seenConversation.insert(call.conversationID).inserted, call.status == .ok {
                    laterTurns += 1
                    if call.cachedInputTokens > 0 { laterTurnsCached += 1 }
                }
            case let .rating(rating):
                switch rating.score {
                case .stars: stars += 1
                case .thumbs: thumbs += 1
                }
                if rating.messageID == nil { conversationRatings += 1 } else { messageRatings += 1 }
                if rating.success != nil { judged += 1 }
                if !rating.failureTags.isEmpty { tagged += 1 }
                raterTargets["\(rating.raterID ?? "")|\(rating.conversationID)|\(rating.messageID ?? "")", default: 0] += 1
            case let .handoff(handoff):
                reasons[handoff.reason, default: 0] += 1
            default:
                break
            }
        }
        #expect(tenants == ["acme", "globex", "initech"])
        #expect(agents == ["triage", "general", "technical", "research", "billing"])
        #expect(models == Set(DemoCatalog.models.map(\.name)), "every catalog model is used")
        #expect(tasks.isSuperset(of: ["general_chat", "coding", "analysis", "creative", "research"]))
        #expect(Set(statuses.keys) == Set(InteractionStatus.allCases))
        let errorShare = Double(statuses[.error, default: 0] + statuses[.timeout, default: 0]) / Double(calls)
        #expect(errorShare > 0.005 && errorShare < 0.05, "error + timeout share \(errorShare)")
        #expect(Double(types[.interaction, default: 0]) / Double(events.count) > 0.6)
        #expect(Double(laterTurnsCached) / Double(laterTurns) > 0.1, "later turns hit the prompt cache (inputs under 1,024 tokens cannot)")
        #expect(cachedCalls > laterTurnsCached, "first calls hit a shared system prompt too")
        #expect(writeCalls > 100 && reasoningCalls > 1_000 && toolCalls > 1_000 && toolFailures > 100)
        #expect(reported > 1_000 && attributed > 20)
        #expect(experiments == ["prompt-v7/control", "prompt-v7/concise"])
        #expect(stars > 500 && thumbs > 500 && messageRatings > 500 && conversationRatings > 500)
        #expect(judged > 100 && tagged > 100)
        #expect(raterTargets.values.contains { $0 > 1 }, "some raters re-rate the same target")
        #expect(reasons["routing", default: 0] > 1_000)
        #expect(reasons["fallback", default: 0] > 10)
        #expect(reasons["escalation", default: 0] > 100)
        print("mix:", types.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
              "statuses:", statuses.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.name)=\($0.value)" }.joined(separator: " "),
              "handoffs:", reasons.sorted { $0.key < $1.key })
    }

    @Test("users are Zipf-skewed")
    func userSkew() {
        var perUser: [String: Int] = [:]
        for event in Self.sample.events {
            if case let .interaction(call) = event.payload, let user = call.userID, event.tenant == "acme" { perUser[user, default: 0] += 1 }
        }
        let counts = perUser.values.sorted(by: >)
        let total = counts.reduce(0, +)
        let topTenth = counts.prefix(Swift.max(1, counts.count / 10)).reduce(0, +)
        #expect(Double(topTenth) / Double(total) > 0.25, "the most active 10 % of users make over a quarter of the calls")
        #expect(counts.count > 100)
    }

    @Test("the fixed storyline: price books, registry, budgets, the fine-tuned deployment")
    func storyline() throws {
        let (generator, events) = Self.sample
        let scenario = generator.scenario
        let books = events.compactMap { event -> (Event, String)? in
            if case let .priceBook(book) = event.payload { return (event, book.bookJSON) }
            return nil
        }
        #expect(books.count == 6, "two books for each of three tenants")
        #expect(books.filter { $0.0.ts == scenario.start }.allSatisfy { $0.1 == scenario.initialPriceBook })
        #expect(books.filter { $0.0.ts == scenario.priceChangeAt }.allSatisfy { $0.1 == scenario.revisedPriceBook })
        #expect(events.prefix(3).allSatisfy { $0.type == .priceBook || $0.type == .deployment })

        let deployments = events.compactMap { event -> (Event, Deployment)? in
            if case let .deployment(d) = event.payload { return (event, d) }
            return nil
        }
        let fineTuned = try #require(deployments.first { $0.1.model == scenario.fineTunedModel })
        #expect(fineTuned.0.ts == scenario.deploymentAt && fineTuned.0.tenant == "acme")
        #expect(fineTuned.1.trainingMethod == "sft" && fineTuned.1.baseModel == "gpt-4o-mini" && fineTuned.1.action == .deployed)
        #expect(deployments.filter { $0.1.trainingMethod == "base" }.count >= 15)

        // The fine-tuned model is only used after its deployment, by acme's billing agent.
        let deployedIndex = try #require(events.firstIndex { $0.id == fineTuned.0.id })
        for (index, event) in events.enumerated() {
            guard case let .interaction(call) = event.payload, call.model == scenario.fineTunedModel else { continue }
            #expect(index > deployedIndex && event.ts >= scenario.deploymentAt && event.tenant == "acme" && call.agent == "billing")
        }

        let budgets = events.compactMap { event -> Budget? in
            if case let .budget(b) = event.payload { return b }
            return nil
        }
        #expect(budgets.count == 2)
        #expect(budgets == scenario.budgets.map(\.budget))
    }

    @Test("the fine-tuned model regresses for the configured hours after its deployment")
    func regression() throws {
        let (generator, events) = Self.sample
        let scenario = generator.scenario
        struct Stats {
            var calls = 0, failures = 0, latency: Int64 = 0, okCalls = 0, stars = 0, starRatings = 0
        }
        var during = Stats(), after = Stats()
        var windowOf: [String: Bool] = [:] // message id → during the regression
        for event in events {
            switch event.payload {
            case let .interaction(call) where call.model == scenario.fineTunedModel:
                let inWindow = event.ts < scenario.regressionEnd
                if let message = call.messageID { windowOf[message] = inWindow }
                var stats = inWindow ? during : after
                stats.calls += 1
                if call.status.isFailure { stats.failures += 1 }
                if call.status == .ok, let latency = call.latencyMs {
                    stats.okCalls += 1
                    stats.latency += latency
                }
                if inWindow { during = stats } else { after = stats }
            case let .rating(rating):
                guard let message = rating.messageID, let inWindow = windowOf[message], case let .stars(value) = rating.score else { continue }
                if inWindow { during.stars += value; during.starRatings += 1 } else { after.stars += value; after.starRatings += 1 }
            default:
                break
            }
        }
        try #require(during.okCalls > 30 && after.okCalls > 30, "enough calls either side: \(during.okCalls), \(after.okCalls)")
        let latencyDuring = Double(during.latency) / Double(during.okCalls)
        let latencyAfter = Double(after.latency) / Double(after.okCalls)
        #expect(latencyDuring > 1.6 * latencyAfter, "latency \(latencyDuring) ms during vs \(latencyAfter) ms after")
        let failDuring = Double(during.failures) / Double(during.calls)
        let failAfter = Double(after.failures) / Double(after.calls)
        #expect(failDuring > 3 * failAfter && failDuring > 0.05, "failure rate \(failDuring) during vs \(failAfter) after")
        if during.starRatings >= 5, after.starRatings >= 5 {
            #expect(Double(during.stars) / Double(during.starRatings) < Double(after.stars) / Double(after.starRatings))
        }
    }

    @Test("the tenant budget is crossed in its month; the agent budget on some days")
    func budgetsCrossed() throws {
        let (generator, events) = Self.sample
        let scenario = generator.scenario
        let tenantBudget = try #require(scenario.budgets.first { $0.budget.scope == .tenant })
        let agentBudget = try #require(scenario.budgets.first { $0.budget.scope == .agent })
        var tenantSpend = Money.zero
        var crossedAt: Timestamp?
        var researchByDay: [Int64: Money] = [:]
        for event in events {
            guard case let .interaction(call) = event.payload, let cost = scenario.listCost(of: call, at: event.ts) else { continue }
            if event.tenant == tenantBudget.tenant {
                tenantSpend += cost
                if crossedAt == nil, tenantSpend >= tenantBudget.budget.amount { crossedAt = event.ts }
            }
            if event.tenant == agentBudget.tenant, call.agent == agentBudget.budget.scopeID {
                researchByDay[event.ts.epochDay, default: .zero] += cost
            }
        }
        let crossed = try #require(crossedAt, "acme's monthly budget of \(tenantBudget.budget.amount) is crossed (spent \(tenantSpend))")
        #expect(crossed > scenario.start && crossed < scenario.end)
        let daysOver = researchByDay.values.filter { $0 >= agentBudget.budget.amount }.count
        #expect(daysOver >= 1 && daysOver < researchByDay.count, "research budget crossed on \(daysOver) of \(researchByDay.count) days")
        print("budgets: acme month \(tenantBudget.budget.amount) crossed at \(crossed), spent \(tenantSpend);",
              "globex research/day \(agentBudget.budget.amount) crossed on \(daysOver) of \(researchByDay.count) days")
    }

    @Test("a gateway reports billed cost: list cost plus 3 %")
    func reportedCost() {
        let (generator, events) = Self.sample
        var checked = 0
        for event in events {
            guard case let .interaction(call) = event.payload, let reported = call.reportedCost else { continue }
            #expect(event.tenant == "globex")
            guard let cost = generator.scenario.listCost(of: call, at: event.ts) else { continue }
            let expected = cost.picodollars * 103 / 100
            #expect(abs(reported.picodollars - expected) <= 100, "reported \(reported) vs list \(cost)")
            checked += 1
        }
        #expect(checked > 1_000)
    }

    @Test("the price books carry the real prices, and the second one cuts o3's")
    func priceBooks() throws {
        let scenario = Self.sample.generator.scenario
        #expect(priceBookProblems(scenario.initialPriceBook).isEmpty)
        #expect(priceBookProblems(scenario.revisedPriceBook).isEmpty)
        func entries(_ json: String) throws -> [String: [String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let models = try #require(object["models"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: models.compactMap { entry in (entry["model"] as? String).map { ($0, entry) } })
        }
        let before = try entries(scenario.initialPriceBook)
        let after = try entries(scenario.revisedPriceBook)
        #expect(before["gpt-4o"]?["input_per_mtok"] as? String == "2.50")
        #expect(before["gpt-4o"]?["cached_input_per_mtok"] as? String == "1.25")
        #expect(before["gpt-4o"]?["output_per_mtok"] as? String == "10.00")
        #expect(before["gpt-4o-mini"]?["cached_input_per_mtok"] as? String == "0.075")
        #expect(before["claude-sonnet-4-5"]?["cache_write_per_mtok"] as? String == "3.75")
        #expect(before["claude-haiku-4-5"]?["output_per_mtok"] as? String == "5.00")
        #expect(before["gemini-2.5-flash"]?["cached_input_per_mtok"] as? String == "0.03")
        #expect(before["o3"]?["input_per_mtok"] as? String == "10.00" && after["o3"]?["input_per_mtok"] as? String == "2.00")
        #expect(before["o3"]?["output_per_mtok"] as? String == "40.00" && after["o3"]?["output_per_mtok"] as? String == "8.00")
        for (name, entry) in before where name != "o3" {
            for key in ["input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "cache_write_per_mtok"] {
                #expect(entry[key] as? String == after[name]?[key] as? String, "\(name) \(key) unchanged")
            }
        }
        let tiers = try #require(before["claude-sonnet-4-5"]?["tiers"] as? [[String: Any]])
        #expect(tiers.first?["above_input_tokens"] as? Int == 200_000 && tiers.first?["input_per_mtok"] as? String == "6.00")
    }

    @Test("the catalog's models and prices are in the genai-prices data")
    func pricesAreReal() throws {
        let candidates = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("../shared/data/genai-prices_v2_data.json").standardizedFileURL,
            URL(fileURLWithPath: "/work/shared/data/genai-prices_v2_data.json"),
        ]
        let url = try #require(candidates.first { FileManager.default.isReadableFile(atPath: $0.path) }, "genai-prices data not found")
        let providers = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        // The genai-prices entry each catalog model's price comes from.
        let sources: [String: (provider: String, id: String)] = [
            "gpt-4o": ("openai", "gpt-4o"), "gpt-4o-mini": ("openai", "gpt-4o-mini"), "o3": ("openai", "o3"),
            DemoCatalog.fineTunedModelName: ("openai", "ft:gpt-4o-mini"),
            "claude-sonnet-4-5": ("anthropic", "claude-sonnet-4-5"), "claude-haiku-4-5": ("anthropic", "claude-haiku-4-5"),
            "gemini-2.5-flash": ("google", "gemini-2.5-flash"), "mistral-large-latest": ("mistral", "mistral-large"),
            "deepseek-chat": ("deepseek", "deepseek-chat"),
        ]
        func micros(_ value: Any?) -> Int64? {
            if let number = value as? NSNumber { return Int64((number.doubleValue * 1_000_000).rounded()) }
            if let tiered = value as? [String: Any], let base = tiered["base"] as? NSNumber { return Int64((base.doubleValue * 1_000_000).rounded()) }
            return nil
        }
        for model in DemoCatalog.models {
            let source = try #require(sources[model.name], "\(model.name) has a source")
            let provider = try #require(providers.first { $0["id"] as? String == source.provider })
            let entries = try #require(provider["models"] as? [[String: Any]])
            let entry = try #require(entries.first { $0["id"] as? String == source.id }, "\(source.id) in genai-prices")
            // A plain price set, or a list whose entries are dated or time-of-day variants.
            var sets: [[String: Any]] = []
            if let plain = entry["prices"] as? [String: Any] { sets = [plain] }
            if let list = entry["prices"] as? [[String: Any]] { sets = list.compactMap { $0["prices"] as? [String: Any] } }
            let matches = sets.contains { set in
                micros(set["input_mtok"]) == model.prices.input && micros(set["output_mtok"]) == model.prices.output
                    && (model.name == DemoCatalog.fineTunedModelName || micros(set["cache_read_mtok"]) == model.prices.cachedInput)
                    && micros(set["cache_write_mtok"]) == model.prices.cacheWrite
            }
            #expect(matches, "\(model.name) prices match genai-prices \(source.provider)/\(source.id)")
            if model.name == "o3" {
                let cut = DemoCatalog.repricedPrices
                #expect(sets.contains { micros($0["input_mtok"]) == cut.input && micros($0["output_mtok"]) == cut.output })
            }
        }
    }

    @Test("bad configurations are refused with the field named")
    func invalidConfiguration() {
        func field(_ configuration: DemoGeneratorConfiguration) -> String? {
            do throws(DemoGeneratorError) {
                _ = try DemoGenerator(configuration)
                return nil
            } catch {
                switch error {
                case let .invalid(field, _): return field
                }
            }
        }
        #expect(field(DemoGeneratorConfiguration(eventCount: -1)) == "eventCount")
        #expect(field(DemoGeneratorConfiguration(days: 0)) == "days")
        #expect(field(DemoGeneratorConfiguration(tenants: [])) == "tenants")
        #expect(field(DemoGeneratorConfiguration(tenants: ["a", "a"])) == "tenants")
        #expect(field(DemoGeneratorConfiguration(tenants: [""])) == "tenants")
        #expect(field(DemoGeneratorConfiguration(usersPerTenant: 0)) == "usersPerTenant")
        #expect(field(DemoGeneratorConfiguration(lateArrivalFraction: 0.9)) == "lateArrivalFraction")
        #expect(field(DemoGeneratorConfiguration(regressionHours: 0)) == "regressionHours")
        #expect(field(DemoGeneratorConfiguration(seed: 1, eventCount: 10, days: 1)) == nil)
    }

    @Test("other tenant lists and a single day work")
    func otherShapes() throws {
        let one = Array(try DemoGenerator(DemoGeneratorConfiguration(seed: 2, eventCount: 3_000, days: 1, tenants: ["solo"])))
        #expect(one.count == 3_000 && one.allSatisfy { $0.tenant == "solo" })
        #expect(one.allSatisfy { specViolations($0).isEmpty })
        let five = Array(try DemoGenerator(DemoGeneratorConfiguration(seed: 2, eventCount: 20_000, days: 2, tenants: ["a", "b", "c", "d", "e"])))
        #expect(Set(five.map(\.tenant)) == ["a", "b", "c", "d", "e"])
    }

    @Test("generation throughput (printed, not asserted)")
    func throughput() throws {
        #if DEBUG
        let (defaultCount, build) = (200_000, "debug build: not representative")
        #else
        let (defaultCount, build) = (2_000_000, "release build")
        #endif
        let count = ProcessInfo.processInfo.environment["TALLY_GENERATOR_BENCH_EVENTS"].flatMap { Int($0) } ?? defaultCount
        let generator = try DemoGenerator(seed: 1, eventCount: count, days: 14)
        let clock = ContinuousClock()
        var produced = 0
        var tokens: Int64 = 0
        let cpuStart = threadCPUSeconds()
        let elapsed = clock.measure {
            var iterator = generator.makeIterator()
            while let event = iterator.next() {
                produced += 1
                if case let .interaction(call) = event.payload { tokens &+= call.inputTokens }
            }
        }
        let cpu = threadCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(produced == count)
        // Other processes share the machine: the CPU-time rate is what the generator can do.
        print("generator throughput (\(build)): \(produced) events in \(seconds) s wall = \(Int(Double(produced) / seconds)) events/s;",
              "\(cpu) s CPU = \(Int(Double(produced) / cpu)) events/s of CPU (checksum \(tokens))")
    }
}

/// CPU time of the calling thread, in seconds (wall time when unavailable).
func threadCPUSeconds() -> Double {
    #if canImport(Glibc)
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    #else
    return Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    #endif
}
