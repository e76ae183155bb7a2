import { RATING_DIALOG, RATING_DIALOG_MINUTES, ratingScore, recordRating, type RatingDialogState } from '../../core/quality/rating.ts'
import { ratingCopy } from '../../core/quality/copy.ts'
import { saveDialog } from '../../core/conversations/service.ts'
import type { Dialog } from './dialog.ts'

/**
 * The answer to "请问您对本次人工服务满意吗？" (asked by core/quality/rating.ts on release). A score is
 * stored and thanked for; anything else ends the question and is answered as a fresh message.
 */
export const ratingDialog: Dialog<RatingDialogState> = {
  name: RATING_DIALOG,
  timeoutMinutes: RATING_DIALOG_MINUTES,
  async start() {
    return { replies: [], state: null } // only ever started by the release
  },
  async resume(ctx, state, text) {
    const score = ratingScore(text)
    if (score === null) {
      await saveDialog(ctx.deps, ctx.conversation._id, null) // asked once: not asked again
      return { replies: [], state: null, passThrough: true }
    }
    await recordRating(ctx.deps, state.handoffId, score)
    return { replies: [ratingCopy.thanks(score)], state: null }
  },
}
