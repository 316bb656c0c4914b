import { useId, type ReactNode } from 'react';

/** A column's heading; a numeric column (amounts, counts) is right-aligned, its figures under each other. */
export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
}

/**
 * A table with its caption and column headings, its rows given as children.
 * On a narrow screen it scrolls sideways inside a box named by the caption
 * that a keyboard can reach (Tab to it, then the arrow keys), so nobody needs
 * a mouse to read the last column. The box is a group, not a region, where
 * the table sits inside a titled section (a landmark within a landmark of the
 * same name only lengthens a screen reader's list); a table that is its
 * page's content (`landmark`) is a region of its own. `captionHidden` keeps
 * the caption for screen readers alone, where a heading right above already
 * says it. `className` gives the table its app's look.
 */
export function DataTable({
  caption,
  captionHidden = false,
  landmark = false,
  id,
  className,
  columns,
  children,
}: {
  readonly caption: string;
  readonly captionHidden?: boolean;
  readonly landmark?: boolean;
  /** The scroll box's id, for a link or a description that points at the table. */
  readonly id?: string;
  readonly className?: string;
  readonly columns: readonly Column[];
  readonly children: ReactNode;
}) {
  const captionId = useId();
  return (
    <div className="table-scroll" id={id} role={landmark ? 'region' : 'group'} aria-labelledby={captionId} tabIndex={0}>
      <table className={className}>
        <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? 'number' : undefined}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
