import {
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { ReportOperation } from './report-catalogue.js';

/**
 * How a report's answer becomes a table. Each list of objects in the operation is a level of
 * rows: a row of the deepest list, with the columns of every level above it (a kommun's columns
 * on each of its promises' rows). A column is named by the response keys from its row's object
 * down to the leaf, joined with "." (`title`, `period.start`); the list fields themselves and the
 * root field are left out of the names, so an operation names its columns with aliases
 * (`kommun: name`). An operation may hold one list of objects per level, and no two columns of
 * one name: both are checked against the schema when the plan is made.
 */
interface Level {
  columns: { name: string; path: string[] }[];
  /** The next level's list, at this path below this level's object. */
  child: { path: string[]; level: Level } | null;
}

export interface RowPlan {
  columns: string[];
  root: Level;
}

// The gateway's API schema comes from @apollo/gateway's copy of graphql (CommonJS), where
// graphql's own isListType & co. (instanceof checks) fail, so types are read by their shape.
const namedType = (type: GraphQLOutputType): GraphQLOutputType =>
  'ofType' in type ? namedType(type.ofType as GraphQLOutputType) : type;
const isList = (type: GraphQLOutputType) => String(type).replace(/!$/, '').startsWith('[');
const isComposite = (type: GraphQLOutputType) => 'getFields' in type || 'getTypes' in type;

export function rowPlan(report: ReportOperation, schema: GraphQLSchema): RowPlan {
  const fragments = new Map(
    report.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const names = new Set<string>();

  function level(
    selectionSet: SelectionSetNode,
    type: GraphQLCompositeType,
    keyPath: string[],
    namePath: string[],
    into: Level,
  ): Level {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        level(
          selection.selectionSet,
          selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : type,
          keyPath,
          namePath,
          into,
        );
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)!;
        level(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType,
          keyPath,
          namePath,
          into,
        );
        continue;
      }
      const key = selection.alias?.value ?? selection.name.value;
      if (selection.name.value === '__typename') {
        addColumn(into, [...namePath, key], [...keyPath, key]);
        continue;
      }
      const field = 'getFields' in type ? type.getFields()[selection.name.value] : undefined;
      if (!field) throw new Error(`${report.name}: ${type.name} has no field ${selection.name.value}`);
      const fieldType = namedType(field.type);
      if (!selection.selectionSet || !isComposite(fieldType)) {
        addColumn(into, [...namePath, key], [...keyPath, key]);
      } else if (isList(field.type)) {
        if (into.child)
          throw new Error(
            `${report.name}: two lists of objects on one level (${into.child.path.join('.')} and ${[...keyPath, key].join('.')}); a table has one`,
          );
        into.child = {
          path: [...keyPath, key],
          level: level(selection.selectionSet, fieldType as GraphQLCompositeType, [], [], { columns: [], child: null }),
        };
      } else {
        level(selection.selectionSet, fieldType as GraphQLCompositeType, [...keyPath, key], [...namePath, key], into);
      }
    }
    return into;
  }

  function addColumn(into: Level, name: string[], path: string[]) {
    const joined = name.join('.');
    if (names.has(joined)) throw new Error(`${report.name}: two columns named ${joined}; give one an alias`);
    names.add(joined);
    into.columns.push({ name: joined, path });
  }

  const root = level(report.operation.selectionSet, schema.getQueryType()!, [], [], { columns: [], child: null });
  // The root field's own list is the first level; its name is not part of the columns'.
  return { columns: [...names], root };
}

type Row = Record<string, unknown>;

/**
 * The rows of an answer. A list that is null (its owner could not be reached) gives no rows;
 * the errors say whose they are, and the export names them.
 */
export function reportRows(plan: RowPlan, data: Record<string, unknown> | null | undefined): Row[] {
  const at = (value: unknown, path: string[]) =>
    path.reduce<unknown>((v, key) => (v === null || v === undefined ? v : (v as Row)[key]), value);
  const rows = (level: Level, object: unknown, inherited: Row): Row[] => {
    const own = { ...inherited };
    for (const column of level.columns) own[column.name] = at(object, column.path) ?? null;
    if (!level.child) return [own];
    const list = at(object, level.child.path);
    if (!Array.isArray(list)) return [];
    return list.flatMap((item) => (item === null ? [] : rows(level.child!.level, item, own)));
  };
  return data ? rows(plan.root, data, {}) : [];
}
