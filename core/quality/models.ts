import { handoffModel } from './model.ts'

/** The quality area's collections, compiled at start (core/models.ts). */
export const qualityModels = [handoffModel]
