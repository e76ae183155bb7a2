import type { Connection } from 'mongoose'
import { settingModel } from '../platform/settings.ts'
import { clinicModel } from './clinics/model.ts'
import { staffModel } from './staff/model.ts'
import { rateLimitModel } from '../platform/rate-limit.ts'
import { outboxModel, sendSlotModel } from '../platform/outbox/model.ts'
import { liveEventModel } from '../platform/live-events.ts'
import { ticketModel } from '../platform/db/atomic.ts'
import { conversationMessageModel, conversationModel } from './conversations/model.ts'
import { appointmentRequestModel } from './appointments/model.ts'
import { campaignModel, couponModel, couponReminderModel, couponSettlementModel } from './coupons/model.ts'
import { memberAccessLogModel, memberIdentityModel, memberModel, tierChangeModel, tierCongratulationModel } from './members/model.ts'
import { giftModel, pointsLedgerModel } from './points/model.ts'
import { visitModel } from './visits/model.ts'
import { complaintModels } from './complaints/model.ts'
import { surveyModels } from './surveys/model.ts'
// WeCom's plumbing (tokens, callbacks, media, contact ways) keeps its collections in platform/wecom; the
// 微信客服 channel's own are registered by the wiring (caredesk.ts), since core knows no channel.
import { wecomModels } from '../platform/wecom/models.ts'
import { notificationModel } from './notifications/model.ts'
import { broadcastModels } from './broadcasts/model.ts'
import { careModels } from './care/model.ts'
import { calendarModels } from './calendar/model.ts'
import { calendarRecomputeModels } from './complaints/calendar-recompute.ts'
import { photoModel } from './complaints/photos.ts'
import { memberUnionModel } from './members/unions.ts'
import { memberCodeModel } from './miniprogram/member-code.ts'
import { mpUserModel } from './miniprogram/sessions.ts'
import { qualityModels } from './quality/models.ts'

/** Compiles every model on a connection, so their indexes can be built before the app serves. */
export function registerModels(db: Connection): void {
  for (const register of [
    settingModel,
    rateLimitModel,
    outboxModel,
    sendSlotModel,
    ticketModel,
    liveEventModel,
    staffModel,
    clinicModel,
    conversationModel,
    conversationMessageModel,
    appointmentRequestModel,
    photoModel,
    memberUnionModel,
    memberCodeModel,
    mpUserModel,
    ...complaintModels,
    ...calendarRecomputeModels,
    ...calendarModels,
    ...surveyModels,
    ...[memberModel, memberIdentityModel, tierChangeModel, tierCongratulationModel, memberAccessLogModel],
    ...[campaignModel, couponModel, couponSettlementModel, couponReminderModel, pointsLedgerModel, giftModel, visitModel],
    ...wecomModels,
    notificationModel,
    ...broadcastModels,
    ...careModels,
    ...qualityModels,
  ]) register(db)
}
