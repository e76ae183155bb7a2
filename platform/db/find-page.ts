import type { Model, SortOrder } from 'mongoose'

export interface PageRequest {
  limit: number
  offset: number
}

/** One page of what `filter` matches, in `sort` order, and how many it matches in all: a list endpoint's items and total. */
export async function findPage<T>(model: Model<any>, filter: Record<string, unknown>, sort: Record<string, SortOrder>, page: PageRequest): Promise<{ docs: T[]; total: number }> {
  const [docs, total] = await Promise.all([model.find(filter).sort(sort).skip(page.offset).limit(page.limit).lean<T[]>(), model.countDocuments(filter)])
  return { docs, total }
}
