// Compares prisma/schema.prisma with a live database.
//
// Keyward's migrations are hand-written SQL (see migrator.ts), so nothing but
// this check guarantees that they build the database the schema describes.
// Both sides are reduced to the same plain shape (tables, columns, keys,
// indexes, foreign keys, enums), then compared; every difference becomes one
// readable line naming the table and column.
import { readFileSync } from "node:fs";
import { getDMMF } from "@prisma/get-dmmf";
import pg from "pg";

type Document = Exclude<Awaited<ReturnType<typeof getDMMF>>, { type: "wasm-error" | "parse-json" }>;
type Datamodel = Document["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

type ColumnShape = {
  type: string;
  nullable: boolean;
  // Normalised default: null (none), "now()", "autoincrement", a literal's
  // text, or "*" (schema side only) for "any DB default will do".
  default: string | null;
};
type ForeignKeyShape = { references: string; onDelete: string; onUpdate: string };
type TableShape = {
  columns: Map<string, ColumnShape>;
  primaryKey: string | null; // "(a, b)"
  uniques: Set<string>; // each "(a, b)", in index column order
  indexes: Set<string>;
  foreignKeys: Map<string, ForeignKeyShape>; // keyed by "(a, b)"
};
type SchemaShape = { tables: Map<string, TableShape>; enums: Map<string, string[]> };

const BOOKKEEPING_TABLE = "_prisma_migrations";

export async function findSchemaDrift(schemaPath: string, databaseUrl: string): Promise<string[]> {
  const expected = await shapeFromSchema(schemaPath);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return compareShapes(expected, await shapeFromDatabase(client));
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------
// The schema's side

async function shapeFromSchema(schemaPath: string): Promise<SchemaShape> {
  const dmmf = await getDMMF({ datamodel: readFileSync(schemaPath, "utf8") });
  if ("reason" in dmmf) throw new Error(`Cannot read ${schemaPath}: ${dmmf.reason}`);
  const { models, enums, indexes } = dmmf.datamodel;
  const modelByName = new Map(models.map((model) => [model.name, model]));

  const tables = new Map<string, TableShape>();
  for (const model of models) {
    const table = emptyTable();
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      table.columns.set(columnName(field), {
        type: expectedType(field, enums),
        // Prisma never puts NOT NULL on a scalar list column, even a "required" one.
        nullable: !field.isRequired || field.isList,
        default: expectedDefault(field),
      });
    }
    for (const index of indexes.filter((entry) => entry.model === model.name)) {
      const columns = columnList(index.fields.map((entry) => columnName(fieldNamed(model, entry.name))));
      if (index.type === "id") table.primaryKey = columns;
      else if (index.type === "unique") table.uniques.add(columns);
      else table.indexes.add(columns);
    }
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = modelByName.get(field.type);
      if (!target) throw new Error(`Model ${model.name} relates to unknown model ${field.type}`);
      const from = field.relationFromFields.map((name) => columnName(fieldNamed(model, name)));
      const to = (field.relationToFields ?? []).map((name) => columnName(fieldNamed(target, name)));
      table.foreignKeys.set(columnList(from), {
        references: `${tableName(target)}${columnList(to)}`,
        // Prisma's defaults when the schema names no action.
        onDelete: referentialAction(field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")),
        onUpdate: referentialAction(field.relationOnUpdate ?? "Cascade"),
      });
    }
    tables.set(tableName(model), table);
  }

  const enumShapes = new Map(
    enums.map((definition) => [
      definition.dbName ?? definition.name,
      definition.values.map((value) => value.dbName ?? value.name),
    ]),
  );
  return { tables, enums: enumShapes };
}

function tableName(model: Model): string {
  return model.dbName ?? model.name;
}

function columnName(field: Field): string {
  return field.dbName ?? field.name;
}

function fieldNamed(model: Model, name: string): Field {
  const field = model.fields.find((candidate) => candidate.name === name);
  if (!field) throw new Error(`Model ${model.name} has no field ${name}`);
  return field;
}

// Types as PostgreSQL's format_type() spells them.
const NATIVE_TYPES: Record<string, (args: readonly string[]) => string> = {
  Text: () => "text",
  Uuid: () => "uuid",
  VarChar: (args) => (args[0] ? `character varying(${args[0]})` : "character varying"),
  Char: (args) => `character(${args[0] ?? 1})`,
  SmallInt: () => "smallint",
  Integer: () => "integer",
  BigInt: () => "bigint",
  Oid: () => "oid",
  Real: () => "real",
  DoublePrecision: () => "double precision",
  Decimal: (args) => (args.length ? `numeric(${args.join(",")})` : "numeric"),
  Money: () => "money",
  Timestamp: (args) => `timestamp${precision(args)} without time zone`,
  Timestamptz: (args) => `timestamp${precision(args)} with time zone`,
  Time: (args) => `time${precision(args)} without time zone`,
  Timetz: (args) => `time${precision(args)} with time zone`,
  Date: () => "date",
  Boolean: () => "boolean",
  Bit: (args) => `bit(${args[0] ?? 1})`,
  VarBit: (args) => (args[0] ? `bit varying(${args[0]})` : "bit varying"),
  Json: () => "json",
  JsonB: () => "jsonb",
  ByteA: () => "bytea",
  Xml: () => "xml",
  Inet: () => "inet",
  Citext: () => "citext",
};

// What Prisma creates for a type without a @db attribute.
const DEFAULT_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function precision(args: readonly string[]): string {
  return args[0] ? `(${args[0]})` : "";
}

function expectedType(field: Field, enums: Datamodel["enums"]): string {
  let base: string;
  if (field.kind === "enum") {
    const definition = enums.find((candidate) => candidate.name === field.type);
    base = definition?.dbName ?? field.type;
  } else if (field.nativeType) {
    const [name, args] = field.nativeType;
    base = NATIVE_TYPES[name]?.(args) ?? name.toLowerCase();
  } else {
    base = DEFAULT_TYPES[field.type] ?? field.type.toLowerCase();
  }
  return field.isList ? `${base}[]` : base;
}

// Generated by the Prisma client, not the database: no DB default.
const CLIENT_SIDE_DEFAULTS = new Set(["uuid", "cuid", "nanoid", "ulid"]);
// Literal defaults compared by value; for other types (dates, decimals, floats,
// bytes, lists) the database's rendering differs too much, so only presence is checked.
const LITERAL_COMPARED_TYPES = new Set(["String", "Int", "BigInt", "Boolean", "Json"]);

function expectedDefault(field: Field): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null; // includes @updatedAt
  const value = field.default;
  if (typeof value === "object" && !Array.isArray(value)) {
    const call = value as { name: string };
    if (CLIENT_SIDE_DEFAULTS.has(call.name)) return null;
    if (call.name === "now") return "now()";
    if (call.name === "autoincrement") return "autoincrement";
    return "*"; // dbgenerated(...) and the like
  }
  if (!field.isList && (field.kind === "enum" || LITERAL_COMPARED_TYPES.has(field.type))) return String(value);
  return "*";
}

function referentialAction(prismaAction: string): string {
  const actions: Record<string, string> = {
    Cascade: "CASCADE",
    Restrict: "RESTRICT",
    NoAction: "NO ACTION",
    SetNull: "SET NULL",
    SetDefault: "SET DEFAULT",
  };
  return actions[prismaAction] ?? prismaAction;
}

// ---------------------------------------------------------------------------
// The database's side (schema "public" only)

async function shapeFromDatabase(client: pg.Client): Promise<SchemaShape> {
  const tables = new Map<string, TableShape>();
  const tableRows = await client.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> $1`,
    [BOOKKEEPING_TABLE],
  );
  for (const row of tableRows.rows) tables.set(row.name, emptyTable());

  const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null; identity: string }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity AS identity
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const row of columns.rows) {
    tables.get(row.table)?.columns.set(row.column, {
      // format_type quotes mixed-case names ("Role"); the schema side does not.
      type: row.type.replaceAll('"', ""),
      nullable: row.nullable,
      default: row.identity ? "autoincrement" : normaliseDatabaseDefault(row.default),
    });
  }

  // Key columns only (not INCLUDE ones), in index order; expressions and
  // partial indexes are marked so they never match a plain schema index.
  const indexes = await client.query<{ table: string; columns: string[]; primary: boolean; unique: boolean; partial: boolean }>(
    `SELECT t.relname AS table, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indpred IS NOT NULL AS partial,
            ARRAY(SELECT COALESCE(a.attname::text, '(expression)')
                    FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                   WHERE k.ord <= ix.indnkeyatts
                   ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public'`,
  );
  for (const row of indexes.rows) {
    const table = tables.get(row.table);
    if (!table) continue;
    const key = columnList(row.columns) + (row.partial ? " (partial)" : "");
    if (row.primary) table.primaryKey = key;
    else if (row.unique) table.uniques.add(key);
    else table.indexes.add(key);
  }

  const foreignKeys = await client.query<{ table: string; columns: string[]; referenced_table: string; referenced_columns: string[]; on_delete: string; on_update: string }>(
    `SELECT cl.relname AS table, ref.relname AS referenced_table,
            con.confdeltype AS on_delete, con.confupdtype AS on_update,
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns
       FROM pg_constraint con
       JOIN pg_class cl ON cl.oid = con.conrelid
       JOIN pg_class ref ON ref.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  const actionCodes: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
  for (const row of foreignKeys.rows) {
    tables.get(row.table)?.foreignKeys.set(columnList(row.columns), {
      references: `${row.referenced_table}${columnList(row.referenced_columns)}`,
      onDelete: actionCodes[row.on_delete] ?? row.on_delete,
      onUpdate: actionCodes[row.on_update] ?? row.on_update,
    });
  }

  const enumRows = await client.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t
       JOIN pg_enum e ON e.enumtypid = t.oid
       JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public'
      GROUP BY t.typname`,
  );
  const enums = new Map(enumRows.rows.map((row) => [row.name, row.values]));
  return { tables, enums };
}

/** `nextval(...)` → "autoincrement", `CURRENT_TIMESTAMP` → "now()", `'x'::type` → "x". */
function normaliseDatabaseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  if (/^nextval\(/i.test(expression)) return "autoincrement";
  if (/^(now\(\)|CURRENT_TIMESTAMP)$/i.test(expression)) return "now()";
  const literal = /^'((?:[^']|'')*)'::[^']+$/.exec(expression);
  if (literal) return literal[1]!.replaceAll("''", "'");
  return expression.replace(/^\((.*)\)$/, "$1");
}

// ---------------------------------------------------------------------------
// The comparison

function compareShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const drift: string[] = [];
  for (const [name, table] of expected.tables) {
    const live = actual.tables.get(name);
    if (!live) drift.push(`missing table "${name}"`);
    else drift.push(...compareTables(name, table, live));
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name)) drift.push(`unexpected table "${name}" (not in the schema)`);
  }
  drift.push(...compareEnums(expected.enums, actual.enums));
  return drift;
}

function compareTables(table: string, expected: TableShape, actual: TableShape): string[] {
  const drift: string[] = [];
  for (const [name, column] of expected.columns) {
    const live = actual.columns.get(name);
    if (!live) {
      drift.push(`${table}: missing column "${name}"`);
      continue;
    }
    if (live.type !== column.type) drift.push(`${table}.${name}: type is ${live.type}, schema expects ${column.type}`);
    if (live.nullable !== column.nullable) {
      drift.push(`${table}.${name}: is ${nullability(live.nullable)}, schema expects ${nullability(column.nullable)}`);
    }
    const defaultMatches = column.default === "*" ? live.default !== null : live.default === column.default;
    if (!defaultMatches) {
      drift.push(`${table}.${name}: default is ${describeDefault(live.default)}, schema expects ${describeDefault(column.default)}`);
    }
  }
  for (const name of actual.columns.keys()) {
    if (!expected.columns.has(name)) drift.push(`${table}: unexpected column "${name}" (not in the schema)`);
  }

  if (expected.primaryKey !== actual.primaryKey) {
    drift.push(`${table}: primary key is ${actual.primaryKey ?? "missing"}, schema expects ${expected.primaryKey ?? "none"}`);
  }
  drift.push(...compareSets(`${table}: unique index on`, expected.uniques, actual.uniques));
  drift.push(...compareSets(`${table}: index on`, expected.indexes, actual.indexes));

  for (const [columns, key] of expected.foreignKeys) {
    const live = actual.foreignKeys.get(columns);
    if (!live) drift.push(`${table}: missing foreign key ${columns} -> ${describeForeignKey(key)}`);
    else if (describeForeignKey(live) !== describeForeignKey(key)) {
      drift.push(`${table}: foreign key ${columns} is -> ${describeForeignKey(live)}, schema expects -> ${describeForeignKey(key)}`);
    }
  }
  for (const [columns, key] of actual.foreignKeys) {
    if (!expected.foreignKeys.has(columns)) {
      drift.push(`${table}: unexpected foreign key ${columns} -> ${describeForeignKey(key)} (not in the schema)`);
    }
  }
  return drift;
}

function compareEnums(expected: Map<string, string[]>, actual: Map<string, string[]>): string[] {
  const drift: string[] = [];
  for (const [name, values] of expected) {
    const live = actual.get(name);
    if (!live) drift.push(`missing enum "${name}"`);
    else if (live.join(", ") !== values.join(", ")) {
      drift.push(`enum "${name}": values are [${live.join(", ")}], schema expects [${values.join(", ")}]`);
    }
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) drift.push(`unexpected enum "${name}" (not in the schema)`);
  }
  return drift;
}

function compareSets(label: string, expected: Set<string>, actual: Set<string>): string[] {
  const drift: string[] = [];
  for (const key of expected) if (!actual.has(key)) drift.push(`${label} ${key} is missing`);
  for (const key of actual) if (!expected.has(key)) drift.push(`${label} ${key} is unexpected (not in the schema)`);
  return drift;
}

function emptyTable(): TableShape {
  return { columns: new Map(), primaryKey: null, uniques: new Set(), indexes: new Set(), foreignKeys: new Map() };
}

function columnList(columns: readonly string[]): string {
  return `(${columns.join(", ")})`;
}

function nullability(nullable: boolean): string {
  return nullable ? "nullable" : "NOT NULL";
}

function describeDefault(value: string | null): string {
  if (value === null) return "none";
  if (value === "*") return "a database default";
  return value === "now()" || value === "autoincrement" ? value : `'${value}'`;
}

function describeForeignKey(key: ForeignKeyShape): string {
  return `${key.references} ON DELETE ${key.onDelete} ON UPDATE ${key.onUpdate}`;
}
