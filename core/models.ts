import type { Connection } from 'mongoose'
import { settingModel } from '../platform/settings.ts'
import { clinicModel } from './clinics/model.ts'
import { loginFailureModel, staffModel } from './staff/model.ts'

/** Compiles every model on a connection, so their indexes can be built before the app serves. */
export function registerModels(db: Connection): void {
  for (const register of [settingModel, staffModel, loginFailureModel, clinicModel]) register(db)
}
