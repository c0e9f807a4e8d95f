import { HookDeliveryLog } from "./hook-delivery-log.ts";
import { SimClock } from "./sim-clock.ts";
import { SimRepo } from "./sim-repo.ts";
import type { SimApp, SimUser } from "./sim-types.ts";

export interface SimStateOptions {
  /** The App's slug: its bot user is `<slug>[bot]`. */
  slug?: string;
  appId?: number;
  startMs?: number;
  /**
   * The first id the counter hands out (default 1000). GitHub's comment and check run ids passed
   * 2^31 long ago: start above it to catch a 32-bit GraphQL `databaseId`.
   */
  firstId?: number;
  /**
   * Entries of a git tree answer before GitHub truncates it (`truncated: true`): 100,000 on
   * GitHub (or 7 MB); set it low to see the App cope with a truncated tree.
   */
  maxTreeEntries?: number;
}

/**
 * Everything the simulated GitHub knows, shared by REST, GraphQL and the payload builders.
 * Ids come from one counter, so no two objects of any kind share an id (as on GitHub).
 */
export class SimState {
  readonly installationId = 1;
  readonly app: SimApp;
  readonly clock: SimClock;
  readonly repos = new Map<string, SimRepo>();
  /** `org/team-slug` → member logins with their role. */
  readonly teams = new Map<string, Map<string, "member" | "maintainer">>();
  /** Every attempt to deliver a webhook to the App (`GET /app/hook/deliveries`). */
  readonly hookDeliveries = new HookDeliveryLog();
  #nextId: number;
  readonly maxTreeEntries: number;

  constructor(options: SimStateOptions = {}) {
    this.#nextId = options.firstId ?? 1000;
    this.maxTreeEntries = options.maxTreeEntries ?? 100_000;
    const slug = options.slug ?? "modelgate";
    this.app = { id: options.appId ?? 1, slug, name: slug, owner: "modelgate-org" };
    this.clock = new SimClock(options.startMs);
  }

  nextId(): number {
    return this.#nextId++;
  }

  get bot(): SimUser {
    return { login: `${this.app.slug}[bot]`, type: "Bot" };
  }

  addRepo(spec: { owner: string; name: string; defaultBranch?: string }): SimRepo {
    const repo = new SimRepo(this, this.nextId(), spec.owner, spec.name, spec.defaultBranch ?? "main");
    this.repos.set(repo.fullName.toLowerCase(), repo);
    return repo;
  }

  /** GitHub treats owner and name case-insensitively. */
  repo(owner: string, name: string): SimRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addTeamMember(team: string, login: string, role: "member" | "maintainer" = "member"): void {
    const members = this.teams.get(team.toLowerCase()) ?? new Map();
    members.set(login.toLowerCase(), role);
    this.teams.set(team.toLowerCase(), members);
  }

  teamRole(team: string, login: string): "member" | "maintainer" | undefined {
    return this.teams.get(team.toLowerCase())?.get(login.toLowerCase());
  }
}
