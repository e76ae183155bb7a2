import { randomInt } from 'node:crypto'
import { Schema, type Connection, type Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { gone, isDuplicateKeyError, ruleNotMet } from '../../platform/errors.ts'
import type { TokenSigner } from '../staff/tokens.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/**
 * 会员码: what the counter scans (or types) to find the member. Twelve digits, eight random and
 * four check digits signed with the server's key (a typo or a made-up code is refused before any
 * lookup); each is valid for five minutes, so a screenshot of the card is useless soon after.
 */
export const MEMBER_CODE_TTL_MS = 5 * 60_000
/** The card asks for a fresh code well before the one shown expires. */
export const MEMBER_CODE_REFRESH_S = 60

const memberCodeSchema = new Schema(
  {
    _id: { type: String, required: true }, // the 12 digits
    memberId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'member_codes', versionKey: false },
)

interface MemberCodeDoc {
  _id: string
  memberId: Types.ObjectId
  expiresAt: Date
}

export const memberCodeModel = modelOf('MemberCode', memberCodeSchema)

const checkDigits = (signer: TokenSigner, random: string) => String(signer.mac(`member-code:${random}`).readUInt32BE(0) % 10_000).padStart(4, '0')

export async function issueMemberCode(deps: Pick<Deps, 'db' | 'clock'>, signer: TokenSigner, memberId: Types.ObjectId): Promise<{ code: string; expiresAt: Date }> {
  const expiresAt = new Date(deps.clock.now().getTime() + MEMBER_CODE_TTL_MS)
  for (;;) {
    const random = String(randomInt(0, 100_000_000)).padStart(8, '0')
    const code = random + checkDigits(signer, random)
    try {
      await memberCodeModel(deps.db).create({ _id: code, memberId, expiresAt })
      return { code, expiresAt }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // the same eight digits are live already: draw again
    }
  }
}

/** The member behind a scanned or typed code (spaces and dashes ignored). */
export async function memberIdForCode(deps: Pick<Deps, 'db' | 'clock'>, signer: TokenSigner, input: string): Promise<Types.ObjectId> {
  const code = input.replace(/[\s-]/g, '')
  if (!/^\d{12}$/.test(code) || checkDigits(signer, code.slice(0, 8)) !== code.slice(8)) {
    throw ruleNotMet('member_code_invalid', 'This is not a member code: check the digits, or ask the member to refresh their card.')
  }
  const doc = await memberCodeModel(deps.db).findById(code).lean<MemberCodeDoc>()
  if (!doc || doc.expiresAt.getTime() <= deps.clock.now().getTime()) {
    throw gone('member_code_expired', 'This member code has expired: ask the member to refresh their card in the mini program.')
  }
  return doc.memberId
}

/** Housekeeping (platform.prune): codes expired for a day. */
export async function pruneMemberCodes(db: Connection, before: Date): Promise<number> {
  return (await memberCodeModel(db).deleteMany({ expiresAt: { $lt: before } })).deletedCount ?? 0
}
