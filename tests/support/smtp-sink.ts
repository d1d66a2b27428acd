// A real SMTP server for tests (smtp-server), on a port of the test's own,
// that parses every message it accepts (mailparser) and keeps it, with the
// credentials the client logged in with. It can be stopped and started again
// on the same port, to play an SMTP server that is down for a while.
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port";

export type ReceivedMail = { to: string[]; subject: string; text: string; html: string; login: string | null };

export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | null = null;

  private constructor(
    readonly port: number,
    readonly login: { user: string; pass: string },
  ) {}

  static async start(login = { user: "keyward", pass: "smtp-password" }): Promise<SmtpSink> {
    const sink = new SmtpSink(await freePort(), login);
    await sink.listen();
    return sink;
  }

  /** The SMTP_URL that reaches it. */
  get url(): string {
    return `smtp://${this.login.user}:${this.login.pass}@127.0.0.1:${this.port}`;
  }

  listen(): Promise<void> {
    const { user, pass } = this.login;
    this.server = new SMTPServer({
      // Plain SMTP on loopback with AUTH PLAIN/LOGIN: what smtp:// (no TLS) with credentials does.
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) =>
        auth.username === user && auth.password === pass ? callback(null, { user: auth.username }) : callback(new Error("Invalid username or password")),
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            this.received.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              login: typeof session.user === "string" ? session.user : null,
            });
            callback();
          })
          .catch(callback);
      },
      logger: false,
      // stop() drops open connections (the app keeps a pooled one) after 1 s rather than 30.
      closeTimeout: 1_000,
    });
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  /** Stops accepting connections (the next ones are refused), as a server that is down. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    return server ? new Promise((resolve) => server.close(() => resolve())) : Promise.resolve();
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }
}
