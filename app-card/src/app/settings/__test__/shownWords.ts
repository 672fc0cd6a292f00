import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Heading,
  Link,
  LoadingSpinner,
  NumberInput,
  ProgressBar,
  Select,
  TableHeader,
  Tag,
  Text,
  TextArea,
  Toggle,
} from '@hubspot/ui-extensions';
import { PageHeader, PageTitle } from '@hubspot/ui-extensions/pages';

type Node = { text: string | null; props: Record<string, unknown> };
type Root = { findAll: (component: never) => Node[] };

const COMPONENTS = [
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Heading,
  Link,
  LoadingSpinner,
  NumberInput,
  ProgressBar,
  Select,
  TableHeader,
  Tag,
  Text,
  TextArea,
  Toggle,
  PageTitle,
  PageHeader.Link,
];
const WORD_PROPS = ['label', 'title', 'description', 'valueDescription', 'placeholder'];

/** Every string a rendered page shows: texts, and the labels, titles and options of its components. */
export function shownWords(root: unknown): string[] {
  return COMPONENTS.flatMap((component) =>
    (root as Root).findAll(component as never).flatMap((node) => {
      const options = Array.isArray(node.props.options) ? (node.props.options as Array<{ label: string }>) : [];
      return [
        node.text ?? '',
        ...WORD_PROPS.map((name) => node.props[name]).filter((v): v is string => typeof v === 'string'),
        ...options.map((o) => o.label),
      ].filter((w) => w !== '');
    }),
  );
}

/** A catalog key or an unfilled value that reached the screen. */
export const LEAKED = /\{\w+\}|\b(?:home|settings|unit|record|error|action)\.[a-zA-Z]|undefined/;
