// The RouteResult message (schemas/protocol/route-result.schema.json, contract §3).

export interface TierChoice {
  tier: number;
  score: number;
  gate: number;
}

export interface GroupChoice {
  tier: number;
  group: number;
  id: number;
  score: number;
  gate: number;
}

export interface ExpertChoice {
  tier: number;
  group: number;
  expert: number;
  id: number;
  score: number;
  gate: number;
}

export interface TokenRoute {
  tiers: TierChoice[];
  groups: GroupChoice[];
  experts: ExpertChoice[];
  digest: string;
}

export interface RouteResult {
  model: string;
  layer: number;
  seed: string;
  tokens: TokenRoute[];
  digest: string;
}
