/** GitHub spells a bot `slug[bot]` in REST and `slug` in GraphQL: logins compare without the suffix. */
export function sameBotLogin(login: string, botLogin: string): boolean {
  return stripBot(login) === stripBot(botLogin);
}

const stripBot = (login: string): string => login.replace(/\[bot\]$/, "");

/**
 * The App's own comments: written by a Bot whose login is ours. Only they are edited (the sticky
 * comment) or trusted (override records); a user who copies a marker is never mistaken for us.
 */
export function ownComments<C extends { login: string; isBot: boolean }>(
  comments: readonly C[],
  botLogin: string,
): C[] {
  return comments.filter((c) => c.isBot && sameBotLogin(c.login, botLogin));
}
