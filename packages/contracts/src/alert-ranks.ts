/**
 * Where a lead stands among one agent's lead alerts of one clock hour (0 = the first), counted in a store
 * every worker shares (Redis). The same report always gets the same rank, so a retried job is not counted
 * twice (decision 0024).
 */
export interface AlertRanks {
  rank(agentId: string, window: Date, reportId: string): Promise<number>;
}
