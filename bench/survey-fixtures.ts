/**
 * A day of visits as a chain's HIS would send it, written straight to the collections in bulk (the
 * import's per-row rules are not what is measured): members (most joined by chat, some pending from
 * a phone-only import, a few opted out), their conversations, and the visits — about one member in
 * twenty with two visits — plus a few open complaints.
 */
import { Types, type Connection } from 'mongoose'
import { complaintModel } from '../core/complaints/model.ts'
import { conversationModel } from '../core/conversations/model.ts'
import { memberModel } from '../core/members/model.ts'
import { visitModel, type VisitType } from '../core/visits/model.ts'

const CHUNK = 1000
const CLINICS = ['BJ01', 'BJ02', 'SH01', 'CD01']

type Collection = { insertMany(docs: object[], options: object): Promise<unknown> }

/** Collects documents and writes them a chunk at a time, so the fixture never holds the day whole. */
function writer(collection: Collection) {
  let pending: object[] = []
  let written = 0
  const flush = async () => {
    if (pending.length) await collection.insertMany(pending, { ordered: false })
    written += pending.length
    pending = []
  }
  return {
    async add(doc: object) {
      pending.push(doc)
      if (pending.length >= CHUNK) await flush()
    },
    async done() {
      await flush()
      return written
    },
  }
}

/** Deterministic pseudo-random numbers, so every run plans the same day. */
function random(seed: number) {
  let state = seed
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
}

export async function seedVisitDay(db: Connection, options: { visits: number; day: string; tag: string }) {
  const next = random(options.visits)
  const now = new Date(`${options.day}T20:00:00+08:00`)
  const members = writer(memberModel(db).collection)
  const conversations = writer(conversationModel(db).collection)
  const visits = writer(visitModel(db).collection)
  const complaints = writer(complaintModel(db).collection)
  let memberId = new Types.ObjectId()
  for (let i = 0; i < options.visits; i++) {
    const secondVisit = i > 0 && next() < 0.05 // the same member as the previous visit
    if (!secondVisit) {
      memberId = new Types.ObjectId()
      const roll = next()
      const status = roll < 0.1 ? 'pending' : 'active'
      await members.add({ _id: memberId, status, name: '', clinicCode: CLINICS[i % CLINICS.length], tier: 'D', optedOut: roll > 0.97, createdAt: now })
      if (status === 'active') {
        await conversations.add({ channel: 'wechaty', externalId: `${options.tag}-${i}`, account: 'bench-account', memberId, status: 'bot', lastMessageAt: now, lastCustomerMessageAt: now, misunderstandings: 0, rev: 0, createdAt: now, updatedAt: now })
      }
      if (next() < 0.002) await complaints.add({ number: `${options.tag}${i}`, memberId: String(memberId), clinicCode: 'BJ01', status: 'open', receivedAt: now })
    }
    const roll = next()
    const type: VisitType = roll < 0.5 ? 'no_spend' : roll < 0.85 ? 'non_surgical' : 'surgical'
    const visitedAt = new Date(`${options.day}T${String(8 + (i % 10)).padStart(2, '0')}:30:00+08:00`)
    await visits.add({ externalId: `${options.tag}-v${i}`, memberId, clinicCode: CLINICS[i % CLINICS.length], visitedAt, visitDay: options.day, type, amountFen: type === 'no_spend' ? 0 : 68_000, importedAt: now, updatedAt: now })
  }
  return { members: await members.done(), conversations: await conversations.done(), visits: await visits.done(), complaints: await complaints.done() }
}
