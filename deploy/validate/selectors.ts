/** A Kubernetes label selector: matchLabels plus matchExpressions (In, NotIn, Exists, DoesNotExist). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Labels = Record<string, string>;

/** Whether `labels` satisfy `selector`; an empty selector selects everything, as in the API. */
export function selects(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
  return byLabel && byExpression;
}

/** A Service's selector is a plain label map. */
export function selectsByMap(selector: Labels | undefined, labels: Labels): boolean {
  return selector !== undefined && selects({ matchLabels: selector }, labels);
}
