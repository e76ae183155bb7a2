import type { Model } from 'mongoose'

/**
 * Collects `$set`s by document and writes each distinct one to all its documents in one
 * `updateMany` by `_id`. On FerretDB v1 any write scans its collection, so a thousand rows
 * written one by one cost a thousand scans; grouped, a handful. Unguarded: for changes that are
 * right whatever the row says now.
 */
export class BatchedSets {
  private readonly groups = new Map<string, { set: Record<string, unknown>; ids: unknown[] }>()

  add(id: unknown, set: Record<string, unknown>): void {
    const key = JSON.stringify(set)
    const group = this.groups.get(key) ?? { set, ids: [] }
    group.ids.push(id)
    this.groups.set(key, group)
  }

  async write(model: Model<any>): Promise<void> {
    for (const [key, { set, ids }] of this.groups) {
      await model.updateMany({ _id: { $in: ids } }, { $set: set })
      this.groups.delete(key)
    }
  }
}
