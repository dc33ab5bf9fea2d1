/**
 * Vocabulary shared by the synthetic corpus and the arbitraries: who refers, which
 * concerns lead to a plan, and the category of plan each concern gives.
 */
export const REFERRERS = ['school', 'health', 'hospital', 'police', 'gp'] as const;
export const HEALTH = ['health', 'hospital', 'gp'] as const;
export const MAIN_KINDS = ['physical-harm', 'neglect', 'domestic-abuse', 'emotional-harm', 'sexual-harm'] as const;
/** Category of a child protection plan for each main kind of concern. */
export const CATEGORY: Record<string, string> = {
  'physical-harm': 'physical-abuse',
  neglect: 'neglect',
  'domestic-abuse': 'emotional-abuse',
  'emotional-harm': 'emotional-abuse',
  'sexual-harm': 'sexual-abuse',
};
