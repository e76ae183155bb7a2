import { randomBytes } from 'node:crypto'
import { Schema, type Connection } from 'mongoose'
import { isDuplicateKeyError } from './errors.ts'
import { modelOf } from './db/model-of.ts'

/** Small key-value settings shared by every instance through the database. */
const settingSchema = new Schema(
  { _id: { type: String, required: true }, value: { type: Schema.Types.Mixed, required: true } },
  { collection: 'settings', timestamps: true, versionKey: false },
)

export const settingModel = modelOf('Setting', settingSchema)

/** Reads a setting, creating it with `initial()` if absent; every instance agrees on the first value written. */
export async function settingOrCreate<T>(db: Connection, key: string, initial: () => T): Promise<T> {
  const Setting = settingModel(db)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const doc = await Setting.findOneAndUpdate(
        { _id: key },
        { $setOnInsert: { value: initial() } },
        { upsert: true, returnDocument: 'after' },
      ).lean()
      return doc!.value as T
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // two instances inserted at once: read the winner
    }
  }
  throw new Error(`setting ${key} could not be read`)
}

export const randomSecret = () => randomBytes(32).toString('base64url')
