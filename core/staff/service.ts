import { randomBytes } from 'node:crypto'
import type { Deps } from '../../platform/deps.ts'
import { conflict, notFound, isDuplicateKeyError, unauthorized } from '../../platform/errors.ts'
import { settingOrCreate, randomSecret } from '../../platform/settings.ts'
import { clinicModel } from '../clinics/model.ts'
import { ruleNotMet } from '../../platform/errors.ts'
import { staffModel, type StaffDoc } from './model.ts'
import { assertLoginAllowed, recordLoginFailure } from './login-throttle.ts'
import { cachedStaff, forgetStaff } from './principal-cache.ts'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts'
import type { Role } from './roles.ts'
import type { CreateStaffInput, StaffView, UpdateStaffInput } from './schemas.ts'
import { createTokenSigner, type TokenSigner } from './tokens.ts'

/** The logged-in staff member behind a request. */
export interface StaffPrincipal {
  id: string
  username: string
  name: string
  roles: Role[]
  clinicCodes: string[]
}

export function presentStaff(doc: StaffDoc): StaffView {
  return {
    id: String(doc._id),
    username: doc.username,
    name: doc.name,
    roles: doc.roles as Role[],
    clinicCodes: doc.clinicCodes,
    wecomUserId: doc.wecomUserId ?? null,
    active: doc.active,
  }
}

export async function createStaff({ db }: Pick<Deps, 'db'>, input: CreateStaffInput): Promise<StaffView> {
  const unknownClinics = await findUnknownClinics(db, input.clinicCodes)
  if (unknownClinics.length) throw ruleNotMet('unknown_clinic', `Unknown clinic code: ${unknownClinics.join(', ')}.`)
  try {
    const doc = await staffModel(db).create({ ...input, passwordHash: await hashPassword(input.password) })
    return presentStaff(doc.toObject() as StaffDoc)
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('username_taken', `The username ${input.username} is taken.`)
    throw err
  }
}

export async function updateStaff({ db }: Pick<Deps, 'db'>, id: string, input: UpdateStaffInput): Promise<StaffView> {
  const set: Record<string, unknown> = {}
  const unset: Record<string, 1> = {}
  if (input.wecomUserId === null) unset.wecomUserId = 1
  else if (input.wecomUserId !== undefined) set.wecomUserId = input.wecomUserId
  if (input.active !== undefined) set.active = input.active
  const doc = /^[0-9a-f]{24}$/.test(id) ? await staffModel(db).findOneAndUpdate({ _id: id }, { $set: set, $unset: unset }, { returnDocument: 'after' }).lean<StaffDoc>() : null
  forgetStaff(db, id)
  if (!doc) throw notFound('staff_not_found', 'No such staff member.')
  return presentStaff(doc)
}

async function findUnknownClinics(db: Deps['db'], codes: string[]) {
  if (!codes.length) return []
  const known = await clinicModel(db).find({ code: { $in: codes } }, { code: 1 }).lean()
  return codes.filter((code) => !known.some((clinic) => clinic.code === code))
}

export async function listStaff({ db }: Pick<Deps, 'db'>, page: { limit: number; offset: number }) {
  const Staff = staffModel(db)
  const [docs, total] = await Promise.all([
    Staff.find().sort({ username: 1 }).skip(page.offset).limit(page.limit).lean<StaffDoc[]>(),
    Staff.countDocuments(),
  ])
  return { items: docs.map(presentStaff), total }
}

export async function login(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  signer: TokenSigner,
  credentials: { username: string; password: string },
  address: string,
) {
  const now = deps.clock.now()
  await assertLoginAllowed(deps.db, credentials.username, address, now)
  const doc = await staffModel(deps.db).findOne({ username: credentials.username, active: true }).lean<StaffDoc>()
  const ok = doc ? await verifyPassword(credentials.password, doc.passwordHash) : await verifyAgainstDummy(credentials.password)
  if (!doc || !ok) {
    await recordLoginFailure(deps.db, credentials.username, address, now)
    throw unauthorized('Wrong username or password.')
  }
  const { token, expiresAt } = signer.issue(String(doc._id), now, deps.config.TOKEN_TTL_HOURS)
  const staff = presentStaff(doc)
  return { token, expiresAt: expiresAt.toISOString(), staff: { id: staff.id, username: staff.username, name: staff.name, roles: staff.roles, clinicCodes: staff.clinicCodes } }
}

/** The staff member a bearer token stands for, or null (bad, expired, or account gone/disabled). */
export async function principalFromToken(deps: Pick<Deps, 'db' | 'clock'>, signer: TokenSigner, token: string): Promise<StaffPrincipal | null> {
  const claims = signer.verify(token, deps.clock.now())
  if (!claims || !/^[0-9a-f]{24}$/.test(claims.sub)) return null
  // By `_id` alone (the one filter FerretDB serves from an index): this runs on every API request.
  const doc = await cachedStaff(deps.db, claims.sub, () => staffModel(deps.db).findById(claims.sub).lean<StaffDoc>())
  if (!doc?.active) return null
  const { id, username, name, roles, clinicCodes } = presentStaff(doc)
  return { id, username, name, roles, clinicCodes }
}

/** Creates the first admin from ADMIN_USERNAME / ADMIN_PASSWORD if that account does not exist yet. */
export async function ensureFirstAdmin(deps: Pick<Deps, 'db' | 'config' | 'log'>): Promise<{ created: boolean; generatedPassword?: string }> {
  const { ADMIN_USERNAME: username } = deps.config
  if (await staffModel(deps.db).exists({ username })) return { created: false }
  const generatedPassword = deps.config.ADMIN_PASSWORD ? undefined : randomBytes(9).toString('base64url')
  const password = deps.config.ADMIN_PASSWORD ?? generatedPassword!
  try {
    await staffModel(deps.db).create({ username, name: '系统管理员', passwordHash: await hashPassword(password), roles: ['admin'], clinicCodes: [] })
  } catch (err) {
    if (isDuplicateKeyError(err)) return { created: false } // another instance created it first
    throw err
  }
  deps.log.info({ username }, 'first admin account created')
  return { created: true, generatedPassword }
}

/** Staff (`v1`) or member (`m1`) tokens, signed with AUTH_SECRET, or one generated once and shared by all instances through the database. */
export async function tokenSigner(deps: Pick<Deps, 'db' | 'config'>, kind: 'v1' | 'm1' = 'v1'): Promise<TokenSigner> {
  const secret = deps.config.AUTH_SECRET ?? (await settingOrCreate(deps.db, 'auth_secret', randomSecret))
  return createTokenSigner(secret, kind)
}
