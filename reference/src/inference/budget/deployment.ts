// The deployment a runtime serves under (SPEC-041 §4.1, SPEC-048 §4.1): which hardware classes exist and which are
// available, which class serves each tier of each model, the default tier set per model, and the cost model. Set as a
// whole through the conformance control API; GET /v1/deployment reports it.

import { RuntimeError } from '../../errors.ts';
import { NO_FAULTS, type FaultSet } from '../../faults.ts';
import { budgetBehaviour, type BudgetBehaviour } from './budget-behaviour.ts';
import { DEFAULT_COST_MODEL, type CostModel } from './cost-model.ts';

export interface HardwareClass {
  name: string;
  available: boolean;
  /** Nanoseconds per expert multiply-add on this class (SPEC-042 §4.2). */
  expertNsPerMultiplyAdd: number;
}

export interface ModelDeployment {
  model: string;
  /** Class of tier t for t below the length; later tiers are served by the default class. */
  tierHardware: string[];
  /** Tier set of requests that name none; null for every tier. */
  defaultTierSet: number[] | null;
}

export interface DeploymentDocument {
  hardwareClasses: HardwareClass[];
  defaultHardwareClass: string;
  models: ModelDeployment[];
  costModel: CostModel;
}

/** A PUT body: every member optional, an absent one taking its default value. */
export type DeploymentUpdate = Partial<Omit<DeploymentDocument, 'models'>> & {
  models?: { model: string; tierHardware?: string[]; defaultTierSet?: number[] | null }[];
};

export const DEFAULT_HARDWARE_CLASS = 'reference';

function defaultDocument(): DeploymentDocument {
  return {
    hardwareClasses: [{ name: DEFAULT_HARDWARE_CLASS, available: true, expertNsPerMultiplyAdd: 1 }],
    defaultHardwareClass: DEFAULT_HARDWARE_CLASS,
    models: [],
    costModel: { ...DEFAULT_COST_MODEL },
  };
}

function bad(message: string): never {
  throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', message);
}

/** The document an update describes, checked: distinct class and model names, every class named is declared. */
function documentOf(update: DeploymentUpdate): DeploymentDocument {
  const base = defaultDocument();
  const classes = [...(update.hardwareClasses ?? base.hardwareClasses)].map((c) => ({ ...c })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(classes.map((c) => c.name));
  if (names.size !== classes.length) bad('hardware class names must be distinct');
  const defaultClass = update.defaultHardwareClass ?? (names.has(DEFAULT_HARDWARE_CLASS) ? DEFAULT_HARDWARE_CLASS : classes[0]?.name ?? '');
  if (!names.has(defaultClass)) bad(`the default hardware class ${defaultClass} is not declared`);
  const models = (update.models ?? []).map((m) => ({ model: m.model, tierHardware: [...(m.tierHardware ?? [])], defaultTierSet: m.defaultTierSet === undefined || m.defaultTierSet === null ? null : [...m.defaultTierSet] }));
  models.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  models.forEach((m, i) => {
    if (i > 0 && models[i - 1]!.model === m.model) bad(`model ${m.model} is listed twice`);
    const unknown = m.tierHardware.find((name) => !names.has(name));
    if (unknown !== undefined) bad(`model ${m.model} names the undeclared hardware class ${unknown}`);
  });
  return { hardwareClasses: classes, defaultHardwareClass: defaultClass, models, costModel: { ...(update.costModel ?? base.costModel) } };
}

export class Deployment {
  readonly behaviour: BudgetBehaviour;
  private current: DeploymentDocument = defaultDocument();

  constructor(faults: FaultSet = NO_FAULTS) {
    this.behaviour = budgetBehaviour(faults);
  }

  /** A copy of the deployment in force. */
  get document(): DeploymentDocument {
    return structuredClone(this.current);
  }

  get costModel(): Readonly<CostModel> {
    return this.current.costModel;
  }

  /** Replaces the whole deployment (absent members at their defaults); nothing changes when it is invalid. */
  replace(update: DeploymentUpdate): DeploymentDocument {
    this.current = documentOf(update);
    return this.document;
  }

  /** Back to the default deployment: the control reset (REQ-041-007). */
  reset(): void {
    if (!this.behaviour.resetKeepsDeployment) this.current = defaultDocument();
  }

  /** The class serving tier `tier` of model `model`. */
  classOf(model: string, tier: number): HardwareClass {
    const entry = this.current.models.find((m) => m.model === model);
    const name = entry?.tierHardware[tier] ?? this.current.defaultHardwareClass;
    return this.current.hardwareClasses.find((c) => c.name === name)!;
  }

  /** The default tier set of a model, or null for every tier. */
  defaultTierSet(model: string): readonly number[] | null {
    return this.current.models.find((m) => m.model === model)?.defaultTierSet ?? null;
  }
}
