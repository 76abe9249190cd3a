/** A deal's stages, in pipeline order. */
export const DEAL_STAGES = ['qualification', 'proposal', 'negotiation', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
