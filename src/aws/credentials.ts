import { loadSharedConfigFiles } from '@smithy/core/config';
import { redact } from '../text/redact.js';
import { sanitize } from '../text/sanitize.js';
import type {
  AbsoluteLocation,
  InitializeHandlerOptions,
  InitializeMiddleware,
  Logger,
  MiddlewareStack,
  RelativeMiddlewareOptions,
  SerializeHandlerOptions,
  SerializeMiddleware,
} from '@smithy/types';

/** What gdeks knows about a failure to get credentials: the profile's settings and what the providers said. */
export interface CredentialFailure {
  profile?: string;
  /** The profile's section of the shared config files (role_arn, sso_session, credential_process, ...). */
  settings: Record<string, string | undefined>;
  /** The credential providers' own failure messages, oldest first (their debug log). */
  providerMessages: string[];
}

const failures = new WeakMap<object, CredentialFailure>();

/** Set when the error came from resolving credentials (the SDK's provider chain, STS, SSO), not from the call. */
export function credentialFailureOf(e: unknown): CredentialFailure | undefined {
  return e && typeof e === 'object' ? failures.get(e) : undefined;
}

/**
 * The SDK resolves credentials inside its httpAuthSchemeMiddleware, before the request: an STS AssumeRole that
 * failed with 403 then reads like the service call's own 403 ("the caller may not perform eks:ListClusters").
 * A marker placed right after that middleware tells the two apart: an error that never reached it came from
 * resolving credentials. The logger collects the providers' messages, which the chain otherwise drops (a
 * failing credential_process ended as "Could not load credentials from any providers").
 */
export function credentialDiagnostics(profile: string | undefined): {
  logger: Logger;
  applyToStack<I extends object, O extends object>(stack: MiddlewareStack<I, O>): void;
} {
  const messages: string[] = [];
  const passed = new WeakSet<object>();
  const logger: Logger = {
    // Providers log each failure as it happens ("@smithy/property-provider -> <message>"); the last few suffice.
    debug: (...content: unknown[]) => {
      const line = content.map(String).join(' ');
      const m = /^@smithy\/property-provider (?:->|\(!\)) ([\s\S]*)$/.exec(line);
      if (!m?.[1]) return;
      messages.push(m[1]);
      if (messages.length > 20) messages.shift();
    },
    info: () => undefined,
    // The SDK prints its warning about AWS_PROFILE and AWS_ACCESS_KEY_ID both set to the console without a logger.
    warn: (...content: unknown[]) => {
      if (String(content[0]).startsWith('@aws-sdk/credential-provider')) console.warn(...content);
    },
    error: () => undefined,
  };
  const marker = {
    name: 'gdeksCredentialsResolved',
    relation: 'after',
    toMiddleware: 'httpAuthSchemeMiddleware',
    step: 'serialize',
  } as const satisfies RelativeMiddlewareOptions & Pick<SerializeHandlerOptions, 'step'>;
  const outer = { name: 'gdeksCredentialErrors', step: 'initialize', priority: 'high' } as const satisfies InitializeHandlerOptions & AbsoluteLocation;
  return {
    logger,
    applyToStack<I extends object, O extends object>(stack: MiddlewareStack<I, O>) {
      const mark: SerializeMiddleware<I, O> = (next, context) => (args) => {
        passed.add(context);
        return next(args);
      };
      stack.addRelativeTo(mark, marker);
      const tag: InitializeMiddleware<I, O> = (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (e) {
          if (!passed.has(context) && e && typeof e === 'object' && !/Region is missing|Region not accepted/i.test(String((e as Error).message))) {
            const { configFile } = await loadSharedConfigFiles().catch(() => ({ configFile: {} as Record<string, Record<string, string | undefined>> }));
            const name = profile ?? process.env.AWS_PROFILE;
            failures.set(e, { profile: name, settings: configFile[name ?? 'default'] ?? {}, providerMessages: [...messages] });
          }
          throw e;
        }
      };
      stack.add(tag, outer);
    },
  };
}

/** At most this much of a credential_process's stderr is shown: the first lines say what went wrong. */
const MAX_PROCESS_OUTPUT = 400;

/**
 * The message for a failure to get credentials, when the profile says where they come from: an SSO profile
 * needs `aws sso login`, an assume-role profile names the role and STS (not the service and region), a
 * credential_process shows what the process printed. Undefined otherwise (the caller's generic message).
 */
export function explainCredentialFailure(
  e: unknown,
  failure: CredentialFailure,
  where: string,
): { code: string; message: string; details: string[] } | undefined {
  const err = (e ?? {}) as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
  const clean = (text: string) => redact(sanitize(text));
  const reason = clean(String(err.message ?? e).split('\n')[0] ?? '');
  const { profile, settings } = failure;
  const named = profile ? `profile "${profile}"` : 'the default profile';

  if (settings.credential_process !== undefined) {
    // The SDK runs it with child_process.exec, whose error reads "Command failed: <command>\n<stderr>".
    const said = [...failure.providerMessages].reverse().find((m) => /^Command failed: |credential_process/.test(m));
    if (said !== undefined) {
      const [first = '', ...rest] = said.split('\n');
      if (!first.startsWith('Command failed: ')) {
        return { code: 'CredentialProcessFailed', message: `credential_process of ${named} failed (${where}): ${clean(first)}`, details: [] };
      }
      const stderr = clean(rest.join('\n').trim()).split('\n').map((l) => l.trim()).filter(Boolean).join(' | ');
      const shown = stderr.length > MAX_PROCESS_OUTPUT ? `${stderr.slice(0, MAX_PROCESS_OUTPUT)}…` : stderr;
      const exitCode = /\(exit code (\d+)\)$/.exec(first)?.[1];
      return {
        code: 'CredentialProcessFailed',
        message: `credential_process of ${named} failed (${where}): it exited with ${exitCode === undefined ? 'an error' : `code ${exitCode}`}${shown ? `; it said: ${shown}` : ' and printed nothing on stderr'}`,
        details: [`Run the credential_process command of ${named} yourself to see the whole output.`],
      };
    }
  }
  if (settings.sso_session !== undefined || settings.sso_start_url !== undefined) {
    return {
      code: 'NoCredentials',
      message: `${named} signs in with AWS IAM Identity Center (SSO) and has no valid session (${where}): run \`aws sso login${profile ? ` --profile ${profile}` : ''}\``,
      details: [`The SDK said: ${reason}`],
    };
  }
  if (settings.role_arn !== undefined) {
    const role = clean(settings.role_arn);
    const source = settings.source_profile ? ` (source_profile "${clean(settings.source_profile)}")` : '';
    if (err.name === 'CredentialsProviderError') {
      return { code: 'AssumeRoleFailed', message: `no credentials to assume role ${role} for ${named}${source}: ${reason}`, details: [] };
    }
    const status = err.$metadata?.httpStatusCode;
    const tail = [status ? `HTTP ${status}` : '', err.$metadata?.requestId ? `request id ${clean(err.$metadata.requestId)}` : ''].filter(Boolean).join(', ');
    const what = err.code && !err.$metadata?.httpStatusCode ? err.code : (err.name ?? 'Error');
    return {
      code: 'AssumeRoleFailed',
      message: `could not assume role ${role} for ${named}${source}: STS AssumeRole failed: ${what}${reason && reason !== what ? `: ${reason}` : ''}${tail ? ` (${tail})` : ''}`,
      details: [
        `Nothing was asked of the service yet (${where}). Check the role's trust policy, that the source credentials may call sts:AssumeRole on it,`,
        'and that STS is reachable (AWS_ENDPOINT_URL_STS, proxies).',
      ],
    };
  }
  return undefined;
}
