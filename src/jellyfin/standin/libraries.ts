/**
 * Libraries: `/Library/VirtualFolders` and `/Library/MediaFolders` describe the same collection
 * folders, and `VirtualFolderInfo.ItemId` is the `Id` that `EnabledFolders` holds.
 */
import type { RouteDef } from './route-types.ts';
import { atLeast, type StandinVersion } from './types.ts';
import { formatDate, json, md5Guid, withoutNulls } from './wire.ts';

export interface LibrarySeed {
  name: string;
  collectionType?: string;
}

export interface Library {
  id: string;
  name: string;
  /** Lower case (`movies`, `tvshows`); undefined for mixed libraries. */
  collectionType?: string;
  path: string;
  created: number;
}

export const DEFAULT_LIBRARIES: LibrarySeed[] = [
  { name: 'Movies', collectionType: 'movies' },
  { name: 'Shows', collectionType: 'tvshows' },
  { name: 'Music', collectionType: 'music' },
];

/** 10.8 wrote the CollectionType enum names; 10.9 switched to lower case. */
const PASCAL_COLLECTION_TYPES: Record<string, string> = {
  movies: 'Movies',
  tvshows: 'TvShows',
  music: 'Music',
  musicvideos: 'MusicVideos',
  homevideos: 'HomeVideos',
  boxsets: 'BoxSets',
  books: 'Books',
  photos: 'Photos',
  livetv: 'LiveTv',
  playlists: 'Playlists',
  folders: 'Folders',
  trailers: 'Trailers',
};

export function createLibraries(seeds: LibrarySeed[]): Library[] {
  const created = Date.UTC(2024, 0, 1);
  return seeds.map((seed) => {
    const path = `/config/root/default/${seed.name}`;
    const type = seed.collectionType?.toLowerCase();
    return {
      // Jellyfin derives a folder's id from its type name and lower-cased path.
      id: md5Guid(`MediaBrowser.Controller.Entities.CollectionFolder${path.toLowerCase()}`),
      name: seed.name,
      collectionType: type === 'mixed' ? undefined : type,
      path,
      created,
    };
  });
}

export function collectionTypeName(type: string | undefined, version: StandinVersion): string | undefined {
  if (type === undefined || atLeast(version, '10.9')) return type;
  return PASCAL_COLLECTION_TYPES[type] ?? type;
}

function virtualFolder(library: Library, version: StandinVersion): Record<string, unknown> {
  const location = `/media/${library.name.toLowerCase()}`;
  const options: Record<string, unknown> = atLeast(version, '10.9') ? { Enabled: true } : {};
  Object.assign(options, {
    EnablePhotos: true,
    EnableRealtimeMonitor: true,
    EnableInternetProviders: true,
    SaveLocalMetadata: false,
    PathInfos: [{ Path: location }],
  });
  return withoutNulls({
    Name: library.name,
    Locations: [location],
    CollectionType: collectionTypeName(library.collectionType, version),
    LibraryOptions: options,
    ItemId: library.id,
    RefreshStatus: 'Idle',
  });
}

function mediaFolder(library: Library, version: StandinVersion, serverId: string): Record<string, unknown> {
  return withoutNulls({
    Name: library.name,
    ServerId: serverId,
    Id: library.id,
    DateCreated: formatDate(library.created),
    CanDelete: false,
    CanDownload: false,
    SortName: library.name.toLowerCase(),
    Path: library.path,
    IsFolder: true,
    Type: 'CollectionFolder',
    CollectionType: collectionTypeName(library.collectionType, version),
    ImageTags: {},
    BackdropImageTags: [],
    LocationType: 'FileSystem',
  });
}

export const LIBRARY_ROUTES: RouteDef[] = [
  {
    method: 'GET',
    path: '/Library/VirtualFolders',
    access: 'admin',
    handle: ({ state, version }) => json(state.libraries.map((library) => virtualFolder(library, version))),
  },
  {
    method: 'GET',
    path: '/Library/MediaFolders',
    access: 'admin',
    handle: ({ state, version }) => {
      const items = state.libraries.map((library) => mediaFolder(library, version, state.serverId));
      return json({ Items: items, TotalRecordCount: items.length, StartIndex: 0 });
    },
  },
];
