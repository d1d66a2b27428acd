import type { Command } from "../command";
import { usersCreate } from "./users-create";

/** Every operator command. Later features add theirs here. */
export const commands: Command[] = [usersCreate];
