export declare const BLOCKING: string[];
export type AuditJudgement =
  | { kind: 'unavailable'; reason: string }
  | {
      kind: 'report';
      counts: Record<string, number>;
      blocking: { name: string; severity: string; title: string; url: string }[];
    };
export declare function judgeAudit(report: unknown): AuditJudgement;
