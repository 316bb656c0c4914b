import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** How big a single operation may be; generous for real front ends, small for abuse. */
export interface QueryLimits {
  /** Deepest nesting of fields, fragments followed; introspection (`__schema`, `__type`) is governed by its own switch. */
  readonly maxDepth: number;
  /** Aliased fields in one document (aliases multiply work without adding depth). */
  readonly maxAliases: number;
  /** Lexical tokens in the document, checked by the parser before any work. */
  readonly maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 5000 };

/** Validation rules for every operation, over HTTP and WebSocket alike. */
export function queryLimitRules(limits: QueryLimits, introspection: boolean): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
}

function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode, visiting: Set<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, visiting) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
        } else {
          const fragment = fragments.get(selection.name.value);
          // Unknown or cyclic fragments are reported by graphql's own rules.
          if (!fragment || visiting.has(fragment.name.value)) continue;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visiting, fragment.name.value])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`Query is ${depth} levels deep; the limit is ${maxDepth}.`, { nodes: [operation] }));
        }
      },
    };
  };
}

function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave(document) {
          if (aliases > maxAliases) {
            context.reportError(new GraphQLError(`Query uses ${aliases} aliases; the limit is ${maxAliases}.`, { nodes: [document] }));
          }
        },
      },
    };
  };
}
