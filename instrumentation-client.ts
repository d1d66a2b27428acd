// Runs in the browser before the app's own modules. zod probes for eval support
// with `new Function("")` when it builds its first object schema; under
// Keyward's CSP (no 'unsafe-eval') that probe is refused and reported as a
// violation, although zod catches it. jitless skips the probe (forms parse a
// handful of fields; zod's compiled parsers only matter on the server).
import { z } from "zod";

z.config({ jitless: true });
