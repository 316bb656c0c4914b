import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, type ASTVisitor, type FieldNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/** How big a single operation may be; generous for real front ends, small for abuse. */
export interface QueryLimits {
  /** Deepest nesting of fields, fragments followed (a spread adds no level); introspection (`__schema`) is governed by its own switch and MAX_SCHEMA_SELECTIONS. */
  readonly maxDepth: number;
  /**
   * Cost (query-cost.ts): 1 per scalar, 2 per object plus 1.5 times its
   * fields' cost, times the page size its `first`/`last` will serve, whether
   * written as a literal, a variable or left to its default. A fragment
   * spread counts its fragment's cost again, so a fragment bomb is priced
   * without being expanded. Checked once the variables are known, after these rules.
   */
  readonly maxCost: number;
  /** Aliased fields in one operation, fragments followed (aliases multiply work without adding depth). */
  readonly maxAliases: number;
  /** Directives in one operation, fragments followed. */
  readonly maxDirectives: number;
  /** Lexical tokens in the document, checked by the parser before any work. */
  readonly maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 100_000, maxAliases: 30, maxDirectives: 50, maxTokens: 5000 };

/**
 * `__schema` selections per operation. Introspection is exempt from depth and
 * cost (tools' queries are deep), and each `__schema` is the whole schema
 * (hundreds of kilobytes, built synchronously): aliased thirty times it held
 * the instance's event loop for seconds. Every tool asks once (GraphiQL,
 * graphql-codegen's getIntrospectionQuery).
 */
const MAX_SCHEMA_SELECTIONS = 1;
/** `__type` selections per operation: one type each, but a few of the largest come to a `__schema`. */
const MAX_TYPE_SELECTIONS = 5;

/**
 * Validation rules for every operation, over HTTP and WebSocket alike:
 * graphql-armor's depth, alias and directive rules (each visits a
 * fragment once and remembers its result, so their work grows with the
 * document, not with the paths it names). Tokens are limited by graphql-js's
 * own parser option (`maxTokens`, on both transports), the check armor's
 * Apollo plugin makes by parsing every document a second time. Armor's
 * cost rule is not among them: it sees no variables, so it priced
 * `first: $first` as one item (query-cost.ts prices the operation instead).
 * Introspection, when on, is bounded by its own count (introspectionCountRule).
 */
export function queryLimitRules(limits: QueryLimits, introspection: boolean): ValidationRule[] {
  // Report, don't throw: a thrown error would escape graphql's validate() as a 500.
  const reject = { propagateOnRejection: false, onReject: [reportLimitError], exposeLimits: true };
  const { validationRules } = new ApolloArmor({
    maxDepth: { ...reject, n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true },
    costLimit: { enabled: false },
    maxAliases: { ...reject, n: limits.maxAliases },
    maxDirectives: { ...reject, n: limits.maxDirectives },
    // The parser's `maxTokens` does this in the one parse; Apollo hides field suggestions itself (hideSchemaDetailsFromClientErrors), and websocket.ts as Apollo does.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return [...validationRules, introspection ? introspectionCountRule : NoSchemaIntrospectionCustomRule];
}

/**
 * Refuses an operation that asks for `__schema` more than MAX_SCHEMA_SELECTIONS
 * times or `__type` more than MAX_TYPE_SELECTIONS times, fragments followed.
 * Selections are counted by response key: those sharing one are merged and
 * run once. (Both fields exist on the query root type only, and no field
 * returns that type, so none can sit under a list and run once per item.)
 */
function introspectionCountRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const keys = { __schema: new Set<string>(), __type: new Set<string>() };
      const visitedFragments = new Set<string>();
      const visit = (selectionSet: SelectionSetNode): void => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            if (selection.name.value === '__schema' || selection.name.value === '__type') keys[selection.name.value].add(responseKey(selection));
            if (selection.selectionSet) visit(selection.selectionSet);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
          else if (!visitedFragments.has(selection.name.value)) {
            visitedFragments.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) visit(fragment.selectionSet);
          }
        }
      };
      visit(operation.selectionSet);
      for (const [field, limit] of [
        ['__schema', MAX_SCHEMA_SELECTIONS],
        ['__type', MAX_TYPE_SELECTIONS],
      ] as const) {
        if (keys[field].size > limit) context.reportError(new GraphQLError(`Introspection limit of ${limit} ${field} per operation exceeded, found ${keys[field].size}.`, { nodes: operation }));
      }
      return false;
    },
  };
}

function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/** Armor words every refusal as a "Syntax Error" (the syntax was fine): say what was exceeded. */
function reportLimitError(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
}
