#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Simulates one conversation at a time, from its first message to its last (possibly late)
/// rating, and queues its events as `PendingRecord`s.
///
/// A conversation belongs to one tenant and one user (Zipf-skewed within the tenant). It enters
/// through `triage` (which routes it with a `routing` handoff) or straight at its agent, runs a few
/// turns, each one LLM call with retries on failure, a `fallback` handoff to `general` now and then,
/// an `escalation` handoff when the agent's confidence is low, and ends. Users rate some answers
/// (thumbs or stars) and some conversations; QA reviewers judge a few conversations hours later
/// with a success verdict and failure tags; some raters change their minds.
///
/// Token counts: each turn's input is drawn from the Azure trace's `ContextTokens` distribution by
/// inverse CDF, using the conversation's uniform draws sorted ascending, so the context grows over
/// the turns while the distribution over all calls stays exactly the trace's; output is drawn
/// independently from `GeneratedTokens` (the trace shows no rank correlation between the two).
/// Failed calls (error, timeout) report no usage, as provider APIs return none.
///
/// Works on numbers only (counters and table indices); `EventMaterializer` adds the text.
struct ConversationBuilder: Sendable {
    let profiles: [TenantProfile]
    let userCount: Int
    let reviewerCount: Int
    let zipf: ZipfSampler
    let deploymentAt: Int64
    let regressionEnd: Int64
    let priceChangeAt: Int64
    let lateArrivalFraction: Double
    /// Catalog data the simulation reads per call, held here as plain arrays.
    private let behaviours: [ModelBehaviour] = DemoCatalog.models.map(\.behaviour)
    private let errorCodes: [[UInt8]] = EventMaterializer.modelErrorCodes
    private let contextTokens = AzureTraceCalibration.contextTokens
    private let generatedTokens = AzureTraceCalibration.generatedTokens

    private(set) var conversationCounter: UInt64 = 0
    private(set) var messageCounter: UInt64 = 0

    // Per-conversation scratch space, reused so a conversation allocates nothing of its own.
    private var quantiles: [Double] = Array(repeating: 0, count: ConversationBuilder.maxTurns)
    private var agentModels: [Int] = Array(repeating: -1, count: DemoAgent.allCases.count)
    private var agentTasks: [TaskType] = Array(repeating: .generalChat, count: DemoAgent.allCases.count)

    static let maxTurns = 20
    static let fineTunedID = DemoCatalog.ID.fineTuned.rawValue
    static let timeoutCode = EventMaterializer.code(ofErrorType: EventMaterializer.timeoutErrorType)
    static let toolErrorCode = EventMaterializer.code(ofErrorType: EventMaterializer.toolErrorType)

    init(
        profiles: [TenantProfile], userCount: Int, reviewerCount: Int, zipf: ZipfSampler,
        deploymentAt: Int64, regressionEnd: Int64, priceChangeAt: Int64, lateArrivalFraction: Double
    ) {
        self.profiles = profiles
        self.userCount = userCount
        self.reviewerCount = reviewerCount
        self.zipf = zipf
        self.deploymentAt = deploymentAt
        self.regressionEnd = regressionEnd
        self.priceChangeAt = priceChangeAt
        self.lateArrivalFraction = lateArrivalFraction
    }

    /// What the rest of a conversation needs to know while it runs.
    private struct Conversation {
        let tenant: Int32
        let user: Int32
        let id: UInt64
        let experiment: UInt8
        let conciseArm: Bool
        var previousModel = -1
        var previousInput: Int64 = 0
        var cachePrefix: Int64 = 0
        var qualitySum = 0.0
        var answered = 0
        var failures = 0
        var toolFailures = 0
        var slowTurns = 0
        var fellBack = false
        var escalatedToHuman = false
        var isFirstCall = true

        init(tenant: Int32, user: Int32, id: UInt64, experiment: UInt8, conciseArm: Bool) {
            self.tenant = tenant
            self.user = user
            self.id = id
            self.experiment = experiment
            self.conciseArm = conciseArm
        }

        /// The user's overall satisfaction, 0–1, before noise.
        var satisfaction: Double {
            let base = answered > 0 ? qualitySum / Double(answered) : 0.2
            var s = base - 0.12 * Double(failures) - 0.04 * Double(slowTurns)
            if fellBack { s -= 0.06 }
            if escalatedToHuman { s -= 0.05 }
            return s
        }

        func record(_ kind: PendingRecord.Kind, at ts: Int64) -> PendingRecord {
            PendingRecord(kind: kind, tenant: tenant, ts: ts, conversation: id)
        }
    }

    /// The outcome of one LLM call.
    private struct Call {
        let message: UInt64
        let status: InteractionStatus
        let end: Int64
        let escalationSuggested: Bool
    }

    // MARK: - Conversation

    /// Simulates a conversation of `tenant` starting at `start` and queues all its events.
    mutating func build(at start: Int64, tenant: Int, random: inout SeededRandom, into pending: inout PendingEvents) {
        let profile = profiles[tenant]
        let user = Int32(min(zipf.sample(using: &random), userCount - 1))
        let id = conversationCounter
        conversationCounter &+= 1
        let intent = DemoAgent.intents.pick(&random)

        var experiment: UInt8 = 0
        if !profile.experimentArms.isEmpty, intent == .general, random.chance(profile.experimentShare) {
            experiment = UInt8(1 + random.below(profile.experimentArms.count))
        }
        var conversation = Conversation(tenant: Int32(tenant), user: user, id: id, experiment: experiment, conciseArm: experiment == 2)

        var turns = 1
        while turns < ConversationBuilder.maxTurns, random.chance(0.68) { turns += 1 }
        for index in 0..<turns {
            // Insertion sort as we draw: the turns' input quantiles, ascending.
            let u = random.unit()
            var slot = index
            while slot > 0, quantiles[slot - 1] > u {
                quantiles[slot] = quantiles[slot - 1]
                slot -= 1
            }
            quantiles[slot] = u
        }
        for index in agentModels.indices { agentModels[index] = -1 }

        var now = start
        var agent: DemoAgent = profile.usesTriage ? .triage : intent
        for turn in 0..<turns {
            if agent == .triage {
                let routed = call(agent: .triage, quantile: random.unit(), at: now, conversation: &conversation, random: &random, pending: &pending)
                now = routed.end + 20 + Int64(random.below(250))
                handoff(from: .triage, to: UInt8(intent.rawValue), reason: .routing, message: routed.message, at: now, conversation: conversation, pending: &pending)
                agent = intent
                now += 10 + Int64(random.below(40))
            }
            var attempts = 0
            attemptLoop: while true {
                attempts += 1
                let result = call(agent: agent, quantile: quantiles[turn], at: now, conversation: &conversation, random: &random, pending: &pending)
                now = result.end
                switch result.status {
                case .ok:
                    // Low confidence: `general` hands over to a specialist; a specialist's last
                    // answer goes to the human queue. (Only the last turn, so escalations never
                    // cut a conversation short and bias its token draws.)
                    if result.escalationSuggested, random.chance(0.6) {
                        if agent == .general {
                            now += 30 + Int64(random.below(400))
                            let target: DemoAgent = random.chance(0.5) ? .technical : .research
                            handoff(from: agent, to: UInt8(target.rawValue), reason: .escalation, message: result.message, at: now, conversation: conversation, pending: &pending)
                            agent = target
                        } else if turn == turns - 1 {
                            now += 30 + Int64(random.below(400))
                            handoff(from: agent, to: PendingRecord.humanQueue, reason: .escalation, message: result.message, at: now, conversation: conversation, pending: &pending)
                            conversation.escalatedToHuman = true
                        }
                    }
                    break attemptLoop
                case .cancelled:
                    break attemptLoop
                case .error, .timeout:
                    guard attempts < 3 else { break attemptLoop }
                    now += 200 + Int64(random.below(1800))
                    if agent != .general, random.chance(0.35) {
                        handoff(from: agent, to: UInt8(DemoAgent.general.rawValue), reason: .fallback, message: result.message, at: now, conversation: conversation, pending: &pending)
                        conversation.fellBack = true
                        agent = .general
                        now += 10 + Int64(random.below(40))
                    } else if !random.chance(0.75) {
                        break attemptLoop // the user gives up on this question
                    }
                }
            }
            if turn + 1 < turns {
                // The user reads and types: a log-normal think time, median 30 s, 2 s to 15 min.
                let think = 30_000 * exp(0.8 * random.approximateNormal())
                now += Int64(min(900_000, max(2_000, think)))
            }
        }
        rateConversation(endingAt: now, conversation: conversation, random: &random, pending: &pending)
    }

    // MARK: - One LLM call

    private mutating func modelID(for agent: DemoAgent, at time: Int64, conversation: Conversation, random: inout SeededRandom) -> Int {
        let existing = agentModels[agent.rawValue]
        if existing >= 0 { return existing }
        let chosen: Int
        if agent == .billing, conversation.tenant == 0, profiles[0].adoptsFineTunedModel, time >= deploymentAt, random.chance(0.85) {
            chosen = ConversationBuilder.fineTunedID
        } else {
            chosen = profiles[Int(conversation.tenant)].models[agent.rawValue].pick(&random)
        }
        agentModels[agent.rawValue] = chosen
        agentTasks[agent.rawValue] = agent.tasks.pick(&random)
        return chosen
    }

    private mutating func call(
        agent: DemoAgent, quantile: Double, at ts: Int64, conversation: inout Conversation,
        random: inout SeededRandom, pending: inout PendingEvents
    ) -> Call {
        let modelIndex = modelID(for: agent, at: ts, conversation: conversation, random: &random)
        let task = agentTasks[agent.rawValue]
        let regressed = modelIndex == ConversationBuilder.fineTunedID && ts >= deploymentAt && ts < regressionEnd
        let message = messageCounter
        messageCounter &+= 1
        var record = conversation.record(.interaction, at: ts)
        record.message = message
        record.person = conversation.user
        record.agent = UInt8(agent.rawValue)
        record.model = UInt8(modelIndex)
        record.task = UInt8(task.rawValue)
        record.experiment = conversation.experiment

        // Tool calls the agent makes while answering.
        var tools = 0
        while tools < 8, random.chance(agent.toolContinuation) { tools += 1 }
        var toolFailures = 0
        var toolTime = 0.0
        for _ in 0..<tools {
            if random.chance(regressed ? 0.12 : 0.04) { toolFailures += 1 }
            toolTime += random.uniform(150, 1200)
        }
        record.toolCalls = UInt8(tools)
        record.toolFailures = UInt8(toolFailures)

        // How the call ends.
        let model = behaviours[modelIndex]
        let errorRate = regressed ? 0.08 : model.errorRate
        let timeoutRate = regressed ? 0.03 : 0.003
        let roll = random.unit()
        var status = InteractionStatus.ok
        if roll < errorRate {
            status = .error
            let codes = errorCodes[modelIndex]
            record.errorType = random.chance(0.6) ? codes[0] : codes[1 + random.below(codes.count - 1)]
        } else if roll < errorRate + timeoutRate {
            status = .timeout
            record.errorType = ConversationBuilder.timeoutCode
        } else if roll < errorRate + timeoutRate + 0.004 {
            status = .cancelled
        } else if toolFailures > 0, random.chance(0.3) {
            status = .error
            record.errorType = ConversationBuilder.toolErrorCode
        }
        record.status = status.rawValue

        let prompt = max(1, Int64(contextTokens.value(at: quantile) + 0.5))
        record.context = Int32(prompt)
        var input: Int64 = 0
        var output: Int64 = 0
        var cached: Int64 = 0
        var cacheWrite: Int64 = 0
        var reasoning: Int64 = 0
        var latency: Double
        let slowdown = regressed ? 2.2 : 1.0
        switch status {
        case .ok, .cancelled:
            input = prompt
            output = max(1, Int64(generatedTokens.sample(using: &random) + 0.5))
            (cached, cacheWrite) = cacheUse(cache: model.cache, modelIndex: modelIndex, input: input, conversation: &conversation, random: &random)
            if model.reasoningProbability > 0, agent == .technical || agent == .research || modelIndex != DemoCatalog.ID.claudeSonnet.rawValue,
               random.chance(model.reasoningProbability) {
                reasoning = Int64(Double(output) * random.uniform(model.reasoningShareLow, model.reasoningShareHigh))
            }
            let noise = exp(0.3 * random.approximateNormal())
            let msPerToken = 1000 / model.tokensPerSecond
            let firstToken = (model.ttftMs + model.prefillMsPerKToken * Double(input) / 1000 + Double(reasoning) * msPerToken) * noise * slowdown
            var decode = Double(output - reasoning) * msPerToken * noise * slowdown
            if status == .cancelled {
                let kept = random.uniform(0.1, 0.8)
                output = max(reasoning, Int64(Double(output) * kept))
                decode *= kept
            }
            record.ttft = Int32(clamping: Int64(firstToken + 0.5))
            record.flags |= PendingRecord.hasTTFT
            latency = firstToken + decode + toolTime
        case .error:
            latency = random.uniform(150, 2500) * slowdown + toolTime
        case .timeout:
            latency = 60_000
        }
        let latencyMs = max(1, Int64(latency + 0.5))
        let end = ts + latencyMs
        record.input = Int32(input)
        record.output = Int32(output)
        record.cached = Int32(cached)
        record.cacheWrite = Int32(cacheWrite)
        record.reasoning = Int32(reasoning)
        record.latency = Int32(clamping: latencyMs)

        // Quality, confidence, escalation.
        var quality = model.quality + 0.08 * random.approximateNormal()
        if model.isStrong(at: task) { quality += 0.05 }
        if conversation.conciseArm { quality += 0.03 }
        if regressed { quality -= 0.35 }
        var escalate = false
        if status == .ok {
            let c = min(0.99, max(0.01, quality + 0.15 * random.approximateNormal()))
            record.confidence = Double(Int(c * 100 + 0.5)) / 100
            record.flags |= PendingRecord.hasConfidence
            escalate = agent != .triage && c < 0.5
            if escalate { record.flags |= PendingRecord.escalationSuggested }
            conversation.qualitySum += quality
            conversation.answered += 1
            if latencyMs > 8_000 { conversation.slowTurns += 1 }
        } else if status.isFailure {
            conversation.failures += 1
        }
        conversation.toolFailures += toolFailures

        if let margin = profiles[Int(conversation.tenant)].gatewayMarginPercent, status == .ok || status == .cancelled {
            let cost = DemoScenario.cost(model: modelIndex, revised: ts >= priceChangeAt, input: input, cached: cached, cacheWrite: cacheWrite, output: output)
            // The gateway bills cost plus its margin, rounded to 10⁻¹⁰ $.
            let scaled = cost.picodollars * Int128(100 + margin)
            record.reportedCost = Int64((scaled + 5_000) / 10_000 * 100)
        }

        if conversation.isFirstCall, random.chance(0.02) {
            record.attributes = UInt8(1 + random.below(EventMaterializer.clients.count * EventMaterializer.regions.count))
        }
        conversation.isFirstCall = false

        if status == .ok, lateArrivalFraction > 0, random.chance(lateArrivalFraction) {
            // A late-arriving interaction: its collector flushes 30 s to 10 min late, after the
            // user has already rated it, so the rating precedes it in the log.
            pending.push(record, logTime: end + 30_000 + Int64(random.below(570_000)))
            var rating = conversation.record(.rating, at: end + 2_000 + Int64(random.below(23_000)))
            rating.message = message
            rating.person = conversation.user
            rating.variant = 1
            rating.score = quality + 0.15 * random.approximateNormal() > 0.6 ? 1 : -1
            pending.push(rating, logTime: rating.ts)
        } else {
            pending.push(record, logTime: ts)
            if status == .ok {
                rateAnswer(message: message, quality: quality, end: end, conversation: conversation, random: &random, pending: &pending)
            }
        }
        return Call(message: message, status: status, end: end, escalationSuggested: escalate)
    }

    /// Cached and cache-written input tokens of a call, by the provider's caching behaviour.
    private func cacheUse(cache: CacheBehaviour, modelIndex: Int, input: Int64, conversation: inout Conversation, random: inout SeededRandom) -> (Int64, Int64) {
        let sameModel = conversation.previousModel == modelIndex
        var cached: Int64 = 0
        var write: Int64 = 0
        switch cache {
        case let .automatic(minimum, granularity, hitRate):
            if input >= minimum {
                if sameModel, random.chance(hitRate) {
                    let reusable = Double(min(conversation.previousInput, input)) * random.uniform(0.75, 1)
                    cached = Int64(reusable) / granularity * granularity
                } else if random.chance(0.25) {
                    // A shared system prompt cached by other conversations.
                    cached = min(input, minimum + granularity * Int64(random.below(8))) / granularity * granularity
                }
                if cached < minimum { cached = 0 }
            }
        case let .explicit(minimum):
            let prefix = sameModel ? conversation.cachePrefix : 0
            if prefix >= minimum, random.chance(0.9) { cached = min(prefix, input) }
            if input >= minimum, random.chance(0.6) {
                write = Int64(Double(input - cached) * random.uniform(0.6, 0.95))
            }
            conversation.cachePrefix = cached + write
        case let .implicit(minimum, hitRate):
            if sameModel, input >= minimum, random.chance(hitRate) {
                cached = Int64(Double(min(conversation.previousInput, input)) * random.uniform(0.5, 0.9))
            }
        case .none:
            break
        }
        conversation.previousModel = modelIndex
        conversation.previousInput = input
        return (cached, write)
    }

    // MARK: - Handoffs and ratings

    private func handoff(
        from: DemoAgent, to: UInt8, reason: HandoffReason, message: UInt64, at time: Int64,
        conversation: Conversation, pending: inout PendingEvents
    ) {
        var record = conversation.record(.handoff, at: time)
        record.fromAgent = UInt8(from.rawValue)
        record.toAgent = to
        record.variant = reason.rawValue
        record.message = message
        pending.push(record, logTime: time)
    }

    /// A user's rating of one answer: now and then thumbs (mostly) or stars, more often when bad.
    private func rateAnswer(
        message: UInt64, quality: Double, end: Int64, conversation: Conversation,
        random: inout SeededRandom, pending: inout PendingEvents
    ) {
        let perceived = quality + 0.15 * random.approximateNormal()
        guard random.chance(perceived < 0.55 ? 0.13 : 0.05) else { return }
        var rating = conversation.record(.rating, at: end + 3_000 + Int64(random.below(87_000)))
        rating.message = message
        rating.person = conversation.user
        let negative: Bool
        if random.chance(0.75) {
            rating.variant = 1
            rating.score = perceived > 0.6 ? 1 : -1
            negative = rating.score < 0
        } else {
            rating.score = Int8(ConversationBuilder.stars(perceived, random: &random))
            negative = rating.score <= 2
        }
        // Some feedback widgets also ask "did this solve it?" and "what went wrong?".
        if random.chance(0.3) { rating.success = negative ? 1 : 2 }
        if negative, random.chance(0.5) { rating.failureTags = failureTags(conversation, random: &random) }
        rate(rating, conversation: conversation, random: &random, pending: &pending, mayRerate: true)
    }

    /// The end of a conversation: perhaps the user's stars, perhaps a QA reviewer's verdict later.
    private func rateConversation(endingAt end: Int64, conversation: Conversation, random: inout SeededRandom, pending: inout PendingEvents) {
        let satisfaction = conversation.satisfaction
        if random.chance(conversation.failures > 0 ? 0.33 : 0.18) {
            let perceived = satisfaction + 0.1 * random.approximateNormal()
            var rating = conversation.record(.rating, at: end + 5_000 + Int64(random.below(300_000)))
            rating.person = conversation.user
            let stars = ConversationBuilder.stars(perceived, random: &random)
            rating.score = Int8(stars)
            if random.chance(0.3) { rating.success = perceived > 0.55 ? 2 : 1 }
            if stars <= 2, random.chance(0.7) { rating.failureTags = failureTags(conversation, random: &random) }
            if stars <= 2, random.chance(0.1) { rating.comment = UInt8(1 + random.below(EventMaterializer.comments.count)) }
            rate(rating, conversation: conversation, random: &random, pending: &pending, mayRerate: true)
        }
        if random.chance(0.03) {
            var review = conversation.record(.rating, at: end + 3_600_000 + Int64(random.below(47 * 3_600_000)))
            review.person = Int32(random.below(reviewerCount))
            review.flags = PendingRecord.byReviewer
            let judged = satisfaction + 0.05 * random.approximateNormal()
            let success = judged > 0.6
            review.score = Int8(ConversationBuilder.stars(judged, random: &random))
            review.success = success ? 2 : 1
            if !success { review.failureTags = failureTags(conversation, random: &random) }
            rate(review, conversation: conversation, random: &random, pending: &pending, mayRerate: false)
        }
    }

    /// Queues a rating, and now and then the same rater's later change of mind.
    private func rate(_ rating: PendingRecord, conversation: Conversation, random: inout SeededRandom, pending: inout PendingEvents, mayRerate: Bool) {
        pending.push(rating, logTime: rating.ts)
        guard mayRerate, random.chance(0.05) else { return }
        var again = rating
        again.ts = rating.ts + 120_000 + Int64(random.below(6 * 3_600_000))
        again.comment = 0
        if rating.variant == 1 {
            again.score = -rating.score
        } else {
            let value = Int(rating.score)
            let step = 1 + random.below(2)
            let up = value <= 2 || (value < 5 && random.chance(0.5))
            again.score = Int8(min(5, max(1, up ? value + step : value - step)))
        }
        pending.push(again, logTime: again.ts)
    }

    /// What went wrong, as a rater would tag it (a bit set over `EventMaterializer.failureTagNames`).
    private func failureTags(_ conversation: Conversation, random: inout SeededRandom) -> UInt8 {
        var tags: UInt8 = 0
        var count = 0
        if conversation.failures > 0 {
            tags |= conversation.toolFailures > 0 && random.chance(0.5) ? 0b10 : 0b1
            count += 1
        }
        if conversation.slowTurns > 0, random.chance(0.7) {
            tags |= 0b100
            count += 1
        }
        if count < 2 || random.chance(0.3) {
            tags |= 1 << (3 + random.below(5)) // hallucination … wrong_tone
        }
        return tags
    }

    /// Stars from a 0–1 satisfaction: 1 + 4 s, with noise, rounded and clamped to 1…5.
    static func stars(_ satisfaction: Double, random: inout SeededRandom) -> Int {
        let raw = 1 + 4 * satisfaction + 0.5 * random.approximateNormal()
        return min(5, max(1, Int(raw.rounded())))
    }
}
