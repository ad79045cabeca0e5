/**
 * The small vocabulary the experiment schema is written in. The schema is plain JSON Schema
 * (draft-07) plus two keywords VS Code's JSON/YAML tooling reads for hovers and completions:
 * `markdownDescription` and `markdownEnumDescriptions` (parallel to `enum`).
 */

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface SchemaNode {
  type?: JsonType | JsonType[];
  markdownDescription: string;
  default?: unknown;
  enum?: unknown[];
  markdownEnumDescriptions?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minItems?: number;
  minProperties?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
}

/** The root carries the JSON Schema header fields as well. */
export interface RootSchema extends SchemaNode {
  $schema: string;
  $id?: string;
  title: string;
}

/**
 * An enum written as value/description pairs, so a value can never lose its description: the two
 * parallel arrays VS Code expects are made from one list.
 */
export function enumOf<T extends string | null>(
  pairs: ReadonlyArray<readonly [T, string]>,
): { enum: T[]; markdownEnumDescriptions: string[] } {
  return { enum: pairs.map((p) => p[0]), markdownEnumDescriptions: pairs.map((p) => p[1]) };
}

/** Joins description paragraphs (keeps the source readable without one huge string literal). */
export function md(...paragraphs: string[]): string {
  return paragraphs.join('\n\n');
}
