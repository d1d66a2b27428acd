import type { Command } from "../command";
import { keysCreate, keysCredits, orgCredits, keysExchange, keysList, keysRevoke, keysRotate, keysUpdate, keysAllowedIps } from "./keys";
import { scan } from "./scan";
import { usersCreate } from "./users-create";

/** Every operator command. Later features add theirs here. */
export const commands: Command[] = [usersCreate, keysCreate, keysList, keysUpdate, keysAllowedIps, keysRevoke, keysRotate, keysExchange, keysCredits, orgCredits, scan];
