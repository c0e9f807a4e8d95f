import { neutralize } from "../../core/render/neutralize.ts";
import { HOLD_LABEL } from "../authority/read-authority.ts";
import { signedMarker } from "../authority/signed-marker.ts";
import { sameBotLogin } from "../own-comments.ts";
import { authorize } from "./authorize.ts";
import type { CommandDeps } from "./command-context.ts";
import type { CommandPort } from "./command-port.ts";

/** `pull_request.unlabeled`, as the handler needs it. */
export interface UnlabeledEvent {
  repo: string;
  pr: number;
  label: string;
  /** Who removed the label (`sender`). */
  login: string;
  userType: string;
  createdAt: number;
  /** The delivery's id, so that a redelivered event is answered once. */
  deliveryId: string;
}

/**
 * The hold label mirrors modelgate's hold (SPEC §4.4). Removed by someone with
 * `commands.permission`, the hold is released (as `/unhold` would); removed by anyone else, the
 * label is put back and the reply says why. A label that held the PR on its own (no record)
 * may go.
 */
export async function handleUnlabeled(
  port: CommandPort,
  event: UnlabeledEvent,
  deps: CommandDeps,
): Promise<void> {
  if (event.label.toLowerCase() !== HOLD_LABEL) return;
  // modelgate's own /unhold removes the label after recording the release.
  if (event.userType === "Bot" || sameBotLogin(event.login, deps.botLogin)) return;
  const pull = await port.pull(event.pr);
  if (pull.labels.some((l) => l.toLowerCase() === HOLD_LABEL)) return; // put back already
  const { hold } = await port.authority(pull);
  if (!hold.recorded) return;
  const needed = deps.policy.commands.permission;
  const denied = await authorize(port, event.login, needed);
  if (denied === null) {
    await port.record(pull, {
      kind: "hold",
      held: false,
      actor: event.login,
      reason: "removed the label",
      at: event.createdAt,
    });
    return;
  }
  await port.addLabel(event.pr, HOLD_LABEL);
  const marker = signedMarker(deps.key, "label-restored", event.repo, event.pr, event.deliveryId);
  if (await port.hasReply(event.pr, marker)) return;
  const prefix = deps.policy.commands.prefix;
  await port.reply(
    event.pr,
    [
      marker,
      `🔒 The label \`${HOLD_LABEL}\` is back: removing it does not lift the hold. ${denied}`,
      "",
      `The PR is on hold by ${neutralize(`@${hold.by ?? "someone"}`)}${hold.reason ? `: ${neutralize(hold.reason, { max: 500 })}` : ""}. \`${prefix}/unhold\` by someone with ${needed} permission releases it.`,
    ].join("\n"),
  );
}
