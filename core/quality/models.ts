import { handoffModel } from './model.ts'
import { reviewModel, sampleMarkModel } from './review-model.ts'
import { suggestionModel } from './suggestions.ts'

/** The quality area's collections, compiled at start (core/models.ts). */
export const qualityModels = [handoffModel, reviewModel, sampleMarkModel, suggestionModel]
