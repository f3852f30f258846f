/// Where an interaction's ratings count: its day, tenant, agent, model, user and task type.
struct Attribution: Hashable, Sendable {
    var day: Int64
    var tenant: Symbol
    var agent: Symbol
    var model: Symbol
    var user: Symbol
    var task: Symbol

    func encode(into w: inout ByteWriter) {
        w.writeSignedVarint(day); w.writeVarint(UInt64(tenant)); w.writeVarint(UInt64(agent))
        w.writeVarint(UInt64(model)); w.writeVarint(UInt64(user)); w.writeVarint(UInt64(task))
    }

    init(day: Int64, tenant: Symbol, agent: Symbol, model: Symbol, user: Symbol, task: Symbol) {
        (self.day, self.tenant, self.agent, self.model, self.user, self.task) = (day, tenant, agent, model, user, task)
    }

    init?(from r: inout ByteReader) {
        guard let d = r.readSignedVarint(), let t = r.readVarint32(), let a = r.readVarint32(),
              let m = r.readVarint32(), let u = r.readVarint32(), let k = r.readVarint32() else { return nil }
        (day, tenant, agent, model, user, task) = (d, t, a, m, u, k)
    }
}

/// The rating currently in force for one (target, rater): when it was given, what it contributes
/// and where it was counted — so a later rating can take it back exactly.
struct AppliedRating: Hashable, Sendable {
    var ts: Int64
    var position: UInt64
    var contribution: RatingContribution
    var attribution: Attribution
    var conversation: Symbol

    func encode(into w: inout ByteWriter) {
        w.writeByte(1)
        w.writeSignedVarint(ts); w.writeVarint(position)
        w.writeByte(UInt8(bitPattern: contribution.stars)); w.writeByte(UInt8(bitPattern: contribution.thumbs))
        w.writeByte(contribution.success)
        w.writeVarint(UInt64(contribution.failureTags.count))
        for t in contribution.failureTags { w.writeVarint(UInt64(t)) }
        attribution.encode(into: &w)
        w.writeVarint(UInt64(conversation))
    }

    init(ts: Int64, position: UInt64, contribution: RatingContribution, attribution: Attribution, conversation: Symbol) {
        (self.ts, self.position, self.contribution, self.attribution, self.conversation) = (ts, position, contribution, attribution, conversation)
    }

    init?(from r: inout ByteReader) {
        guard r.readByte() == 1, let ts = r.readSignedVarint(), let p = r.readVarint(), let s = r.readByte(),
              let th = r.readByte(), let su = r.readByte(), let n = r.readVarint(), n <= 1024 else { return nil }
        var tags = [Symbol]()
        for _ in 0..<n {
            guard let t = r.readVarint32() else { return nil }
            tags.append(t)
        }
        guard let a = Attribution(from: &r), let c = r.readVarint32() else { return nil }
        self.ts = ts
        position = p
        contribution = RatingContribution(stars: Int8(bitPattern: s), thumbs: Int8(bitPattern: th), success: su, failureTags: tags)
        attribution = a
        conversation = c
    }
}
