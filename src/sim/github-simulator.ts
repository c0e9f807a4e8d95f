import { createServer, type Server } from "node:http";
import { enableProtectionRule, putEnvironment, startWaitingJob, type WaitingJob } from "./actions-store.ts";
import { createDeploymentStatus, type NewDeploymentStatus } from "./deployment-store.ts";
import { FaultInjector, type FaultSpec } from "./fault-injector.ts";
import { handleRequest } from "./handle-request.ts";
import type { HookDelivery } from "./hook-delivery-log.ts";
import { type LoadedPull, type LoadOptions, loadRepoFromFolders } from "./load-repo-from-folders.ts";
import { type LoggedRequest, RequestLog } from "./request-log.ts";
import type { FileChanges, SimRepo } from "./sim-repo.ts";
import { SimState, type SimStateOptions } from "./sim-state.ts";
import type { DeploymentStatus, IssueComment, Permission, SimUser } from "./sim-types.ts";
import { WebhookPayloads } from "./webhook-payloads.ts";
import { attemptWebhook, type WebhookAttempt, type WebhookDelivery } from "./webhook-sender.ts";

export interface SimulatorOptions extends SimStateOptions {
  /** The first repository; more can be added with `state.addRepo`. Default `acme/models` on `main`. */
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
  /** Where `sendWebhook` posts when the call does not say: the app's webhook URL and secret. */
  webhook?: { url: string; secret: string };
}

export interface SimWebhook {
  name: string;
  payload: unknown;
  url?: string;
  secret?: string;
  id?: string;
}

/**
 * A local GitHub on loopback for end-to-end tests, the demo and benchmarks. Point an
 * Octokit (or Probot) at `apiUrl` as at a GitHub Enterprise Server.
 *
 * ```ts
 * const sim = await createSimulator({ webhook: { url: appWebhookUrl, secret } });
 * await sim.loadRepoFromFolders("fixtures/base", "fixtures/head"); // PR #1
 * await sim.sendWebhook({ name: "pull_request", payload: sim.payloads.pullRequest({ action: "opened", number: 1 }) });
 * expect(sim.writes().map((w) => `${w.method} ${w.path}`)).toEqual(["POST /repos/acme/models/check-runs"]);
 * sim.fail({ method: "PATCH", path: /check-runs/, status: 500 });
 * sim.advance(6 * 3_600_000);
 * await sim.close();
 * ```
 */
export class GitHubSimulator {
  readonly state: SimState;
  readonly repo: SimRepo;
  readonly payloads: WebhookPayloads;
  readonly #log = new RequestLog();
  readonly #faults = new FaultInjector();
  readonly #server: Server;
  #webhook: { url: string; secret: string } | undefined;

  private constructor(options: SimulatorOptions) {
    this.state = new SimState(options);
    const spec = { owner: options.owner ?? "acme", name: options.repo ?? "models" };
    this.repo = this.state.addRepo({ ...spec, defaultBranch: options.defaultBranch ?? "main" });
    this.payloads = new WebhookPayloads(
      this.state,
      () => this.repo,
      () => this.apiUrl,
    );
    this.#webhook = options.webhook;
    this.state.hookDeliveries.redeliver = (original) => {
      void this.#redeliver(original);
    };
    const services = { state: this.state, log: this.#log, faults: this.#faults, apiUrl: () => this.apiUrl };
    this.#server = createServer((req, res) => {
      handleRequest(services, req, res).catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message: `Simulator error: ${String(error)}` }));
      });
    });
  }

  static async start(options: SimulatorOptions = {}): Promise<GitHubSimulator> {
    const sim = new GitHubSimulator(options);
    await new Promise<void>((resolve, reject) => {
      sim.#server.once("error", reject);
      sim.#server.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    return sim;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === "string") throw new Error("the simulator is not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  /** The REST base URL, GitHub Enterprise style; GraphQL is then found at `/api/graphql`. */
  get apiUrl(): string {
    return `${this.url}/api/v3`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- the request log and faults

  get requests(): LoggedRequest[] {
    return this.#log.entries;
  }

  writes(): LoggedRequest[] {
    return this.#log.writes();
  }

  /** Clears the request log; the repository state is untouched. */
  reset(): void {
    this.#log.reset();
  }

  fail(spec: FaultSpec): void {
    this.#faults.fail(spec);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  // --- the clock

  now(): number {
    return this.state.clock.now();
  }

  advance(ms: number): number {
    return this.state.clock.advance(ms);
  }

  // --- repository helpers (on the first repository)

  loadRepoFromFolders(baseDir: string, headDir: string, options?: LoadOptions): Promise<LoadedPull> {
    return loadRepoFromFolders(this.repo, baseDir, headDir, options);
  }

  pushCommit(prNumber: number, changes: FileChanges): string {
    return this.repo.pushCommit(prNumber, changes);
  }

  addComment(prNumber: number, body: string, user: string | SimUser): IssueComment {
    return this.repo.addComment(prNumber, body, user);
  }

  setPermission(login: string, permission: Permission["permission"], roleName?: string): void {
    this.repo.setPermission(login, permission, roleName);
  }

  addTeamMember(team: string, login: string, role?: "member" | "maintainer"): void {
    this.state.addTeamMember(team, login, role);
  }

  /** What a CD system reports back, e.g. `{ state: "success" }` by `deployer`. */
  addDeploymentStatus(
    deploymentId: number,
    status: Omit<NewDeploymentStatus, "creator">,
    creator: SimUser = { login: "deployer", type: "User" },
  ): DeploymentStatus {
    const deployment = this.repo.deployments.get(deploymentId);
    if (deployment === undefined) throw new Error(`no deployment ${deploymentId}`);
    return createDeploymentStatus(this.repo, deployment, { ...status, creator });
  }

  // --- GitHub Actions: jobs that wait on a protected environment

  /** Creates `environment` (if needed) and enables the App on it as a custom deployment protection rule. */
  protectEnvironment(environment: string, repo: SimRepo = this.repo): void {
    putEnvironment(repo, environment);
    const result = enableProtectionRule(repo, environment, this.state.app.id);
    if (!result.ok && !/already exists/.test(result.message)) throw new Error(result.message);
  }

  /**
   * A workflow job that deploys to a protected environment starts: GitHub creates its deployment
   * and the run waits. Returns the run and the `deployment_protection_rule` payload GitHub sends
   * (deliver it with `sendWebhook({ name: "deployment_protection_rule", payload })`).
   */
  startDeploymentJob(job: WaitingJob, repo: SimRepo = this.repo) {
    const { run, deployment } = startWaitingJob(repo, job);
    return { run, deployment, payload: this.payloads.deploymentProtectionRule({ runId: run.id, repo }) };
  }

  // --- webhooks

  configureWebhook(url: string, secret: string): void {
    this.#webhook = { url, secret };
  }

  /**
   * Signs and posts a webhook; url and secret default to those given at start. Returns the HTTP
   * status, and rejects when the App cannot be reached. Every attempt, answered or not, goes into
   * the App's delivery log (`GET /app/hook/deliveries`), as on GitHub.
   */
  async sendWebhook(delivery: SimWebhook): Promise<number> {
    const url = delivery.url ?? this.#webhook?.url;
    const secret = delivery.secret ?? this.#webhook?.secret;
    if (url === undefined || secret === undefined) throw new Error("sendWebhook needs a url and a secret");
    const id = delivery.id === undefined ? {} : { id: delivery.id };
    const attempt = await this.#deliver(
      { name: delivery.name, payload: delivery.payload, url, secret, ...id },
      false,
    );
    if (attempt.error !== undefined) throw attempt.error;
    return attempt.statusCode;
  }

  /** Resolves once every redelivery asked for so far has been answered (or has failed). */
  async redeliveriesSettled(): Promise<void> {
    while (this.#redeliveries.size > 0) await Promise.all([...this.#redeliveries]);
  }

  readonly #redeliveries = new Set<Promise<unknown>>();

  /** `POST /app/hook/deliveries/{id}/attempts`: the same event and guid, to the App's URL as configured now. */
  #redeliver(original: HookDelivery): Promise<unknown> {
    const url = this.#webhook?.url ?? original.url;
    const secret = this.#webhook?.secret;
    const event = { name: original.event, payload: original.request.payload, id: original.guid, url };
    const run = secret === undefined ? Promise.resolve() : this.#deliver({ ...event, secret }, true);
    this.#redeliveries.add(run);
    return run.finally(() => this.#redeliveries.delete(run));
  }

  async #deliver(delivery: WebhookDelivery & { id?: string }, redelivery: boolean): Promise<WebhookAttempt> {
    const deliveredAt = this.state.clock.now();
    const attempt = await attemptWebhook(delivery);
    const payload = isObject(delivery.payload) ? delivery.payload : {};
    this.state.hookDeliveries.record({
      id: this.state.nextId(),
      guid: attempt.guid,
      deliveredAt,
      redelivery,
      duration: attempt.duration,
      status: attempt.status,
      statusCode: attempt.statusCode,
      event: delivery.name,
      action: typeof payload.action === "string" ? payload.action : null,
      installationId: idOf(payload.installation),
      repositoryId: idOf(payload.repository),
      url: delivery.url,
      request: { headers: attempt.requestHeaders, payload: delivery.payload },
      response: { headers: attempt.responseHeaders, payload: attempt.responseBody },
    });
    return attempt;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): number | null {
  return isObject(value) && typeof value.id === "number" ? value.id : null;
}

export function createSimulator(options: SimulatorOptions = {}): Promise<GitHubSimulator> {
  return GitHubSimulator.start(options);
}
