import { Schema, Types } from 'mongoose'
import type { Deps } from '../../platform/deps.ts'
import { AppError, notFound, ruleNotMet } from '../../platform/errors.ts'
import { modelOf } from '../../platform/db/model-of.ts'

/** Photos a member attaches to a complaint from the mini program: uploaded first, then named by the case. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024
export const PHOTOS_PER_CASE = 6

const photoSchema = new Schema(
  {
    memberId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, enum: PHOTO_TYPES, required: true },
    bytes: { type: Buffer, required: true },
    size: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'complaint_photos', versionKey: false },
)

interface PhotoDoc {
  _id: Types.ObjectId
  memberId: Types.ObjectId
  contentType: (typeof PHOTO_TYPES)[number]
  bytes: Buffer
  size: number
  createdAt: Date
}

export const photoModel = modelOf('ComplaintPhoto', photoSchema)

const MAGIC: Record<(typeof PHOTO_TYPES)[number], string> = { 'image/jpeg': 'ffd8ff', 'image/png': '89504e47' }

export async function storePhoto(deps: Pick<Deps, 'db' | 'clock'>, memberId: Types.ObjectId, contentType: string, bytes: Buffer): Promise<{ id: string }> {
  const type = PHOTO_TYPES.find((t) => t === contentType)
  if (!type) throw new AppError('unsupported_media_type', 415, 'Photos must be JPEG or PNG.')
  if (!bytes.length || !bytes.subarray(0, 4).toString('hex').startsWith(MAGIC[type])) throw ruleNotMet('not_an_image', `The body is not a ${type} picture.`)
  const doc = await photoModel(deps.db).create({ memberId, contentType: type, bytes, size: bytes.length, createdAt: deps.clock.now() })
  return { id: String(doc._id) }
}

/** The ids, checked to be this member's own uploads (another member's photo cannot be attached). */
export async function ownPhotoIds(deps: Pick<Deps, 'db'>, memberId: Types.ObjectId, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  if (unique.length > PHOTOS_PER_CASE) throw ruleNotMet('too_many_photos', `At most ${PHOTOS_PER_CASE} photos per complaint.`)
  for (const id of unique) {
    const doc = Types.ObjectId.isValid(id) && id.length === 24 ? await photoModel(deps.db).findById(id, { memberId: 1 }).lean<Pick<PhotoDoc, 'memberId'>>() : null
    if (!doc?.memberId.equals(memberId)) throw ruleNotMet('unknown_photo', `No uploaded photo ${id}.`)
  }
  return unique
}

export async function loadPhoto(deps: Pick<Deps, 'db'>, id: string): Promise<PhotoDoc> {
  const doc = Types.ObjectId.isValid(id) && id.length === 24 ? await photoModel(deps.db).findById(id).lean<PhotoDoc>() : null
  if (!doc) throw notFound('photo_not_found', 'No such photo.')
  return { ...doc, bytes: Buffer.from((doc.bytes as unknown as { buffer?: Buffer }).buffer ?? doc.bytes) }
}
