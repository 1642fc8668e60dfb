// Invite codes: what a learner's link carries (/join/<code>). Unguessable (60 random bits)
// and free of look-alike characters, because instructors also read them out in class.
import { randomInt } from "node:crypto";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 12;

export function newInviteCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Whether `value` could be an invite code at all; anything else is not looked up. */
export function isInviteCode(value: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(value);
}
