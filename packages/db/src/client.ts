import { PrismaPg } from "@prisma/adapter-pg";

/** The driver adapter a subgraph hands its generated PrismaClient as `adapter`. `max` caps its pool (pg's default is 10). */
export function createPgAdapter(connectionString: string, { max }: { max?: number } = {}): PrismaPg {
  return new PrismaPg({ connectionString, max });
}
