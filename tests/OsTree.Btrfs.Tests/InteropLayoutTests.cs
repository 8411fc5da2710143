using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OsTree.Btrfs.Internal.Interop;
using OsTree.TestSupport;
using static OsTree.Btrfs.Internal.Interop.Interop;

namespace OsTree.Btrfs.Tests;

/// <summary>
/// Compiles a C program against the kernel headers (linux/btrfs.h, btrfs_tree.h, fs.h, fiemap.h) and compares every
/// ioctl number, struct size, field offset and constant we hard-code (btrfs.md §2). A wrong layout corrupts memory
/// silently, so this is the only acceptable check.
/// </summary>
public sealed class InteropLayoutTests
{
    private const string Program = """
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <stddef.h>
        #include <fcntl.h>
        #include <sys/statfs.h>
        #include <sys/stat.h>
        #include <linux/stat.h>
        #include <linux/fs.h>
        #include <linux/fiemap.h>
        #include <linux/btrfs.h>
        #include <linux/btrfs_tree.h>
        #include <linux/magic.h>
        #define V(name, value) printf("%s=%llu\n", name, (unsigned long long)(value))
        #define S(type) V("sizeof(" #type ")", sizeof(struct type))
        #define O(type, field) V("offsetof(" #type "." #field ")", offsetof(struct type, field))
        #define C(name) V(#name, name)
        int main(void) {
          C(BTRFS_IOC_SYNC); C(BTRFS_IOC_SNAP_DESTROY); C(BTRFS_IOC_TREE_SEARCH_V2); C(BTRFS_IOC_INO_LOOKUP);
          C(BTRFS_IOC_DEFAULT_SUBVOL); C(BTRFS_IOC_SNAP_CREATE_V2); C(BTRFS_IOC_SUBVOL_CREATE_V2);
          C(BTRFS_IOC_SUBVOL_GETFLAGS); C(BTRFS_IOC_SUBVOL_SETFLAGS); C(BTRFS_IOC_FS_INFO); C(BTRFS_IOC_QUOTA_CTL);
          C(BTRFS_IOC_QGROUP_ASSIGN); C(BTRFS_IOC_QGROUP_CREATE); C(BTRFS_IOC_QUOTA_RESCAN); C(BTRFS_IOC_QUOTA_RESCAN_STATUS);
          C(BTRFS_IOC_QUOTA_RESCAN_WAIT); C(BTRFS_IOC_GET_SUBVOL_INFO); C(BTRFS_IOC_SNAP_DESTROY_V2);
          C(FICLONE); C(FICLONERANGE); C(FS_IOC_FIEMAP);
          S(btrfs_ioctl_vol_args); O(btrfs_ioctl_vol_args, name);
          S(btrfs_ioctl_vol_args_v2); O(btrfs_ioctl_vol_args_v2, flags); O(btrfs_ioctl_vol_args_v2, size);
          O(btrfs_ioctl_vol_args_v2, qgroup_inherit); O(btrfs_ioctl_vol_args_v2, name); O(btrfs_ioctl_vol_args_v2, subvolid);
          S(btrfs_ioctl_ino_lookup_args); O(btrfs_ioctl_ino_lookup_args, objectid); O(btrfs_ioctl_ino_lookup_args, name);
          S(btrfs_ioctl_search_key); O(btrfs_ioctl_search_key, min_objectid); O(btrfs_ioctl_search_key, max_objectid);
          O(btrfs_ioctl_search_key, min_offset); O(btrfs_ioctl_search_key, max_offset); O(btrfs_ioctl_search_key, min_transid);
          O(btrfs_ioctl_search_key, max_transid); O(btrfs_ioctl_search_key, min_type); O(btrfs_ioctl_search_key, max_type);
          O(btrfs_ioctl_search_key, nr_items);
          S(btrfs_ioctl_search_header); S(btrfs_ioctl_search_args_v2); O(btrfs_ioctl_search_args_v2, buf_size);
          S(btrfs_ioctl_get_subvol_info_args); O(btrfs_ioctl_get_subvol_info_args, name); O(btrfs_ioctl_get_subvol_info_args, parent_id);
          O(btrfs_ioctl_get_subvol_info_args, dirid); O(btrfs_ioctl_get_subvol_info_args, generation); O(btrfs_ioctl_get_subvol_info_args, flags);
          O(btrfs_ioctl_get_subvol_info_args, uuid); O(btrfs_ioctl_get_subvol_info_args, parent_uuid); O(btrfs_ioctl_get_subvol_info_args, received_uuid);
          O(btrfs_ioctl_get_subvol_info_args, ctransid); O(btrfs_ioctl_get_subvol_info_args, otransid); O(btrfs_ioctl_get_subvol_info_args, stransid);
          O(btrfs_ioctl_get_subvol_info_args, rtransid); O(btrfs_ioctl_get_subvol_info_args, ctime); O(btrfs_ioctl_get_subvol_info_args, otime);
          O(btrfs_ioctl_get_subvol_info_args, stime); O(btrfs_ioctl_get_subvol_info_args, rtime);
          S(fiemap); O(fiemap, fm_flags); O(fiemap, fm_mapped_extents); O(fiemap, fm_extent_count); O(fiemap, fm_extents);
          S(fiemap_extent); O(fiemap_extent, fe_physical); O(fiemap_extent, fe_length); O(fiemap_extent, fe_flags);
          S(file_clone_range); O(file_clone_range, src_offset); O(file_clone_range, src_length); O(file_clone_range, dest_offset);
          S(btrfs_ioctl_quota_ctl_args); S(btrfs_ioctl_quota_rescan_args); S(btrfs_ioctl_qgroup_create_args); S(btrfs_ioctl_qgroup_assign_args);
          O(btrfs_ioctl_qgroup_assign_args, dst);
          S(btrfs_ioctl_fs_info_args); O(btrfs_ioctl_fs_info_args, fsid); O(btrfs_ioctl_fs_info_args, nodesize); O(btrfs_ioctl_fs_info_args, generation);
          O(btrfs_root_item, generation); O(btrfs_root_item, root_dirid); O(btrfs_root_item, flags); O(btrfs_root_item, refs);
          O(btrfs_root_item, generation_v2); O(btrfs_root_item, uuid); O(btrfs_root_item, parent_uuid); O(btrfs_root_item, received_uuid);
          O(btrfs_root_item, ctransid); O(btrfs_root_item, otransid); O(btrfs_root_item, otime); S(btrfs_root_item);
          O(btrfs_root_ref, dirid); O(btrfs_root_ref, name_len); S(btrfs_root_ref);
          O(btrfs_dir_item, location); O(btrfs_dir_item, data_len); O(btrfs_dir_item, name_len); S(btrfs_dir_item);
          O(btrfs_qgroup_status_item, flags); O(btrfs_qgroup_status_item, generation); O(btrfs_qgroup_status_item, rescan);
          O(btrfs_qgroup_info_item, rfer); O(btrfs_qgroup_info_item, rfer_cmpr); O(btrfs_qgroup_info_item, excl); O(btrfs_qgroup_info_item, excl_cmpr);
          O(btrfs_qgroup_limit_item, flags); O(btrfs_qgroup_limit_item, max_rfer); O(btrfs_qgroup_limit_item, max_excl);
          C(BTRFS_ROOT_TREE_OBJECTID); C(BTRFS_ROOT_TREE_DIR_OBJECTID); C(BTRFS_QUOTA_TREE_OBJECTID); C(BTRFS_FS_TREE_OBJECTID);
          C(BTRFS_FIRST_FREE_OBJECTID); C(BTRFS_LAST_FREE_OBJECTID); C(BTRFS_EMPTY_SUBVOL_DIR_OBJECTID);
          C(BTRFS_DIR_ITEM_KEY); C(BTRFS_ROOT_ITEM_KEY); C(BTRFS_ROOT_BACKREF_KEY); C(BTRFS_ROOT_REF_KEY);
          C(BTRFS_QGROUP_STATUS_KEY); C(BTRFS_QGROUP_INFO_KEY); C(BTRFS_QGROUP_LIMIT_KEY); C(BTRFS_QGROUP_RELATION_KEY);
          C(BTRFS_SUBVOL_RDONLY); C(BTRFS_SUBVOL_SPEC_BY_ID); C(BTRFS_ROOT_SUBVOL_RDONLY);
          C(BTRFS_QUOTA_CTL_ENABLE); C(BTRFS_QUOTA_CTL_DISABLE);
          C(BTRFS_QGROUP_STATUS_FLAG_ON); C(BTRFS_QGROUP_STATUS_FLAG_RESCAN); C(BTRFS_QGROUP_STATUS_FLAG_INCONSISTENT);
          C(BTRFS_PATH_NAME_MAX); C(BTRFS_SUBVOL_NAME_MAX); C(BTRFS_INO_LOOKUP_PATH_MAX); C(BTRFS_SUPER_MAGIC);
          C(FIEMAP_FLAG_SYNC); C(FIEMAP_EXTENT_LAST); C(FIEMAP_EXTENT_UNKNOWN); C(FIEMAP_EXTENT_DELALLOC); C(FIEMAP_EXTENT_ENCODED);
          C(FIEMAP_EXTENT_DATA_INLINE); C(FIEMAP_EXTENT_SHARED);
          C(O_DIRECTORY); C(O_NOFOLLOW); C(O_CLOEXEC); C(O_PATH); C(O_NONBLOCK); C(AT_EMPTY_PATH); C(AT_SYMLINK_NOFOLLOW);
          C(STATX_TYPE); C(STATX_MODE); C(STATX_NLINK); C(STATX_INO);
          S(statfs); O(statfs, f_type); O(statfs, f_bsize); O(statfs, f_blocks); O(statfs, f_bfree); O(statfs, f_bavail);
          S(statx); O(statx, stx_nlink); O(statx, stx_mode); O(statx, stx_ino); O(statx, stx_size); O(statx, stx_blocks); O(statx, stx_dev_major);
          return 0;
        }
        """;

    [Fact]
    public void Constants_and_layouts_match_the_kernel_headers()
    {
        Requires.Tool("gcc");
        Assert.SkipUnless(File.Exists("/usr/include/linux/btrfs.h") && File.Exists("/usr/include/linux/btrfs_tree.h"),
            "kernel uapi headers missing: install linux-libc-dev");
        using var temp = new TempDirectory("ostree-net-btrfs-layout");
        File.WriteAllText(temp.Combine("layout.c"), Program);
        Tool.Check("gcc", "-Wall", "-o", temp.Combine("layout"), temp.Combine("layout.c"));
        var actual = Tool.Check(temp.Combine("layout"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('='))
            .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], CultureInfo.InvariantCulture));

        var mismatches = Expected()
            .Where(pair => !actual.TryGetValue(pair.Key, out var value) || value != pair.Value)
            .Select(pair => $"{pair.Key}: ours {pair.Value}, headers {(actual.TryGetValue(pair.Key, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "missing")}")
            .ToList();
        Assert.Empty(mismatches);
        Assert.True(Expected().Count > 150, "the comparison covers the whole surface");
    }

    private static Dictionary<string, ulong> Expected()
    {
        var e = new Dictionary<string, ulong>
        {
            ["BTRFS_IOC_SYNC"] = Requests.BtrfsSync,
            ["BTRFS_IOC_SNAP_DESTROY"] = Requests.BtrfsSnapDestroy,
            ["BTRFS_IOC_TREE_SEARCH_V2"] = Requests.BtrfsTreeSearchV2,
            ["BTRFS_IOC_INO_LOOKUP"] = Requests.BtrfsInoLookup,
            ["BTRFS_IOC_DEFAULT_SUBVOL"] = Requests.BtrfsDefaultSubvol,
            ["BTRFS_IOC_SNAP_CREATE_V2"] = Requests.BtrfsSnapCreateV2,
            ["BTRFS_IOC_SUBVOL_CREATE_V2"] = Requests.BtrfsSubvolCreateV2,
            ["BTRFS_IOC_SUBVOL_GETFLAGS"] = Requests.BtrfsSubvolGetFlags,
            ["BTRFS_IOC_SUBVOL_SETFLAGS"] = Requests.BtrfsSubvolSetFlags,
            ["BTRFS_IOC_FS_INFO"] = Requests.BtrfsFsInfo,
            ["BTRFS_IOC_QUOTA_CTL"] = Requests.BtrfsQuotaCtl,
            ["BTRFS_IOC_QGROUP_ASSIGN"] = Requests.BtrfsQgroupAssign,
            ["BTRFS_IOC_QGROUP_CREATE"] = Requests.BtrfsQgroupCreate,
            ["BTRFS_IOC_QUOTA_RESCAN"] = Requests.BtrfsQuotaRescan,
            ["BTRFS_IOC_QUOTA_RESCAN_STATUS"] = Requests.BtrfsQuotaRescanStatus,
            ["BTRFS_IOC_QUOTA_RESCAN_WAIT"] = Requests.BtrfsQuotaRescanWait,
            ["BTRFS_IOC_GET_SUBVOL_INFO"] = Requests.BtrfsGetSubvolInfo,
            ["BTRFS_IOC_SNAP_DESTROY_V2"] = Requests.BtrfsSnapDestroyV2,
            ["FICLONE"] = Requests.Ficlone,
            ["FICLONERANGE"] = Requests.Ficlonerange,
            ["FS_IOC_FIEMAP"] = Requests.FsIocFiemap,
        };

        void Size<T>(string name) => e[$"sizeof({name})"] = (ulong)Unsafe.SizeOf<T>();
        void Offset<T>(string name, string field, string ours) => e[$"offsetof({name}.{field})"] = (ulong)Marshal.OffsetOf<T>(ours);
        void Const(string name, ulong value) => e[name] = value;

        Size<BtrfsVolArgs>("btrfs_ioctl_vol_args");
        Offset<BtrfsVolArgs>("btrfs_ioctl_vol_args", "name", nameof(BtrfsVolArgs.Name));
        Size<BtrfsVolArgsV2>("btrfs_ioctl_vol_args_v2");
        Offset<BtrfsVolArgsV2>("btrfs_ioctl_vol_args_v2", "flags", nameof(BtrfsVolArgsV2.Flags));
        Offset<BtrfsVolArgsV2>("btrfs_ioctl_vol_args_v2", "size", nameof(BtrfsVolArgsV2.Size));
        Offset<BtrfsVolArgsV2>("btrfs_ioctl_vol_args_v2", "qgroup_inherit", nameof(BtrfsVolArgsV2.QgroupInherit));
        Offset<BtrfsVolArgsV2>("btrfs_ioctl_vol_args_v2", "name", nameof(BtrfsVolArgsV2.Name));
        Offset<BtrfsVolArgsV2>("btrfs_ioctl_vol_args_v2", "subvolid", nameof(BtrfsVolArgsV2.SubvolId));
        Size<BtrfsInoLookupArgs>("btrfs_ioctl_ino_lookup_args");
        Offset<BtrfsInoLookupArgs>("btrfs_ioctl_ino_lookup_args", "objectid", nameof(BtrfsInoLookupArgs.ObjectId));
        Offset<BtrfsInoLookupArgs>("btrfs_ioctl_ino_lookup_args", "name", nameof(BtrfsInoLookupArgs.Name));
        Size<BtrfsSearchKey>("btrfs_ioctl_search_key");
        foreach (var (c, ours) in new[]
        {
            ("min_objectid", nameof(BtrfsSearchKey.MinObjectId)), ("max_objectid", nameof(BtrfsSearchKey.MaxObjectId)),
            ("min_offset", nameof(BtrfsSearchKey.MinOffset)), ("max_offset", nameof(BtrfsSearchKey.MaxOffset)),
            ("min_transid", nameof(BtrfsSearchKey.MinTransId)), ("max_transid", nameof(BtrfsSearchKey.MaxTransId)),
            ("min_type", nameof(BtrfsSearchKey.MinType)), ("max_type", nameof(BtrfsSearchKey.MaxType)), ("nr_items", nameof(BtrfsSearchKey.NrItems)),
        })
        {
            Offset<BtrfsSearchKey>("btrfs_ioctl_search_key", c, ours);
        }

        Const("sizeof(btrfs_ioctl_search_header)", BtrfsAbi.SearchHeaderSize);
        Size<BtrfsSearchArgsV2>("btrfs_ioctl_search_args_v2");
        Offset<BtrfsSearchArgsV2>("btrfs_ioctl_search_args_v2", "buf_size", nameof(BtrfsSearchArgsV2.BufSize));
        Size<BtrfsGetSubvolInfoArgs>("btrfs_ioctl_get_subvol_info_args");
        foreach (var (c, ours) in new[]
        {
            ("name", nameof(BtrfsGetSubvolInfoArgs.Name)), ("parent_id", nameof(BtrfsGetSubvolInfoArgs.ParentId)),
            ("dirid", nameof(BtrfsGetSubvolInfoArgs.DirId)), ("generation", nameof(BtrfsGetSubvolInfoArgs.Generation)),
            ("flags", nameof(BtrfsGetSubvolInfoArgs.Flags)), ("uuid", nameof(BtrfsGetSubvolInfoArgs.Uuid)),
            ("parent_uuid", nameof(BtrfsGetSubvolInfoArgs.ParentUuid)), ("received_uuid", nameof(BtrfsGetSubvolInfoArgs.ReceivedUuid)),
            ("ctransid", nameof(BtrfsGetSubvolInfoArgs.CTransId)), ("otransid", nameof(BtrfsGetSubvolInfoArgs.OTransId)),
            ("stransid", nameof(BtrfsGetSubvolInfoArgs.STransId)), ("rtransid", nameof(BtrfsGetSubvolInfoArgs.RTransId)),
            ("ctime", nameof(BtrfsGetSubvolInfoArgs.CTimeSeconds)), ("otime", nameof(BtrfsGetSubvolInfoArgs.OTimeSeconds)),
            ("stime", nameof(BtrfsGetSubvolInfoArgs.STimeSeconds)), ("rtime", nameof(BtrfsGetSubvolInfoArgs.RTimeSeconds)),
        })
        {
            Offset<BtrfsGetSubvolInfoArgs>("btrfs_ioctl_get_subvol_info_args", c, ours);
        }

        Size<Fiemap>("fiemap");
        Offset<Fiemap>("fiemap", "fm_flags", nameof(Fiemap.Flags));
        Offset<Fiemap>("fiemap", "fm_mapped_extents", nameof(Fiemap.MappedExtents));
        Offset<Fiemap>("fiemap", "fm_extent_count", nameof(Fiemap.ExtentCount));
        Const("offsetof(fiemap.fm_extents)", (ulong)Unsafe.SizeOf<Fiemap>());
        Size<FiemapExtent>("fiemap_extent");
        Offset<FiemapExtent>("fiemap_extent", "fe_physical", nameof(FiemapExtent.Physical));
        Offset<FiemapExtent>("fiemap_extent", "fe_length", nameof(FiemapExtent.Length));
        Offset<FiemapExtent>("fiemap_extent", "fe_flags", nameof(FiemapExtent.Flags));
        Size<FileCloneRange>("file_clone_range");
        Offset<FileCloneRange>("file_clone_range", "src_offset", nameof(FileCloneRange.SourceOffset));
        Offset<FileCloneRange>("file_clone_range", "src_length", nameof(FileCloneRange.SourceLength));
        Offset<FileCloneRange>("file_clone_range", "dest_offset", nameof(FileCloneRange.DestinationOffset));
        Size<BtrfsQuotaCtlArgs>("btrfs_ioctl_quota_ctl_args");
        Size<BtrfsQuotaRescanArgs>("btrfs_ioctl_quota_rescan_args");
        Size<BtrfsQgroupCreateArgs>("btrfs_ioctl_qgroup_create_args");
        Size<BtrfsQgroupAssignArgs>("btrfs_ioctl_qgroup_assign_args");
        Offset<BtrfsQgroupAssignArgs>("btrfs_ioctl_qgroup_assign_args", "dst", nameof(BtrfsQgroupAssignArgs.Destination));
        Size<BtrfsFsInfoArgs>("btrfs_ioctl_fs_info_args");
        Offset<BtrfsFsInfoArgs>("btrfs_ioctl_fs_info_args", "fsid", nameof(BtrfsFsInfoArgs.Fsid));
        Offset<BtrfsFsInfoArgs>("btrfs_ioctl_fs_info_args", "nodesize", nameof(BtrfsFsInfoArgs.NodeSize));
        Offset<BtrfsFsInfoArgs>("btrfs_ioctl_fs_info_args", "generation", nameof(BtrfsFsInfoArgs.Generation));

        // Packed on-disk items, parsed at fixed offsets.
        Const("offsetof(btrfs_root_item.generation)", BtrfsAbi.RootItemGenerationOffset);
        Const("offsetof(btrfs_root_item.root_dirid)", BtrfsAbi.RootItemDirIdOffset);
        Const("offsetof(btrfs_root_item.flags)", BtrfsAbi.RootItemFlagsOffset);
        Const("offsetof(btrfs_root_item.refs)", BtrfsAbi.RootItemRefsOffset);
        Const("offsetof(btrfs_root_item.generation_v2)", BtrfsAbi.RootItemGenerationV2Offset);
        Const("offsetof(btrfs_root_item.uuid)", BtrfsAbi.RootItemUuidOffset);
        Const("offsetof(btrfs_root_item.parent_uuid)", BtrfsAbi.RootItemParentUuidOffset);
        Const("offsetof(btrfs_root_item.received_uuid)", BtrfsAbi.RootItemReceivedUuidOffset);
        Const("offsetof(btrfs_root_item.ctransid)", BtrfsAbi.RootItemCtransidOffset);
        Const("offsetof(btrfs_root_item.otransid)", BtrfsAbi.RootItemOtransidOffset);
        Const("offsetof(btrfs_root_item.otime)", BtrfsAbi.RootItemOtimeOffset);
        Const("sizeof(btrfs_root_item)", BtrfsAbi.RootItemSize);
        Const("offsetof(btrfs_root_ref.dirid)", BtrfsAbi.RootRefDirIdOffset);
        Const("offsetof(btrfs_root_ref.name_len)", BtrfsAbi.RootRefNameLenOffset);
        Const("sizeof(btrfs_root_ref)", BtrfsAbi.RootRefSize);
        Const("offsetof(btrfs_dir_item.location)", BtrfsAbi.DirItemLocationOffset);
        Const("offsetof(btrfs_dir_item.data_len)", 25);
        Const("offsetof(btrfs_dir_item.name_len)", BtrfsAbi.DirItemNameLenOffset);
        Const("sizeof(btrfs_dir_item)", BtrfsAbi.DirItemSize);
        Const("offsetof(btrfs_qgroup_status_item.generation)", 8);
        Const("offsetof(btrfs_qgroup_status_item.flags)", BtrfsAbi.QgroupStatusFlagsOffset);
        Const("offsetof(btrfs_qgroup_status_item.rescan)", BtrfsAbi.QgroupStatusRescanOffset);
        Const("offsetof(btrfs_qgroup_info_item.rfer)", BtrfsAbi.QgroupInfoRferOffset);
        Const("offsetof(btrfs_qgroup_info_item.rfer_cmpr)", BtrfsAbi.QgroupInfoRferCmprOffset);
        Const("offsetof(btrfs_qgroup_info_item.excl)", BtrfsAbi.QgroupInfoExclOffset);
        Const("offsetof(btrfs_qgroup_info_item.excl_cmpr)", BtrfsAbi.QgroupInfoExclCmprOffset);
        Const("offsetof(btrfs_qgroup_limit_item.flags)", BtrfsAbi.QgroupLimitFlagsOffset);
        Const("offsetof(btrfs_qgroup_limit_item.max_rfer)", BtrfsAbi.QgroupLimitMaxRferOffset);
        Const("offsetof(btrfs_qgroup_limit_item.max_excl)", BtrfsAbi.QgroupLimitMaxExclOffset);

        Const("BTRFS_ROOT_TREE_OBJECTID", BtrfsAbi.RootTreeObjectId);
        Const("BTRFS_ROOT_TREE_DIR_OBJECTID", BtrfsAbi.RootTreeDirObjectId);
        Const("BTRFS_QUOTA_TREE_OBJECTID", BtrfsAbi.QuotaTreeObjectId);
        Const("BTRFS_FS_TREE_OBJECTID", BtrfsAbi.FsTreeObjectId);
        Const("BTRFS_FIRST_FREE_OBJECTID", BtrfsAbi.FirstFreeObjectId);
        Const("BTRFS_LAST_FREE_OBJECTID", BtrfsAbi.LastFreeObjectId);
        Const("BTRFS_EMPTY_SUBVOL_DIR_OBJECTID", BtrfsAbi.EmptySubvolDirObjectId);
        Const("BTRFS_DIR_ITEM_KEY", BtrfsAbi.DirItemKey);
        Const("BTRFS_ROOT_ITEM_KEY", BtrfsAbi.RootItemKey);
        Const("BTRFS_ROOT_BACKREF_KEY", BtrfsAbi.RootBackrefKey);
        Const("BTRFS_ROOT_REF_KEY", BtrfsAbi.RootRefKey);
        Const("BTRFS_QGROUP_STATUS_KEY", BtrfsAbi.QgroupStatusKey);
        Const("BTRFS_QGROUP_INFO_KEY", BtrfsAbi.QgroupInfoKey);
        Const("BTRFS_QGROUP_LIMIT_KEY", BtrfsAbi.QgroupLimitKey);
        Const("BTRFS_QGROUP_RELATION_KEY", BtrfsAbi.QgroupRelationKey);
        Const("BTRFS_SUBVOL_RDONLY", BtrfsAbi.SubvolRdOnly);
        Const("BTRFS_SUBVOL_SPEC_BY_ID", BtrfsAbi.SubvolSpecById);
        Const("BTRFS_ROOT_SUBVOL_RDONLY", BtrfsAbi.RootSubvolRdOnly);
        Const("BTRFS_QUOTA_CTL_ENABLE", BtrfsAbi.QuotaCtlEnable);
        Const("BTRFS_QUOTA_CTL_DISABLE", BtrfsAbi.QuotaCtlDisable);
        Const("BTRFS_QGROUP_STATUS_FLAG_ON", BtrfsAbi.QgroupStatusFlagOn);
        Const("BTRFS_QGROUP_STATUS_FLAG_RESCAN", BtrfsAbi.QgroupStatusFlagRescan);
        Const("BTRFS_QGROUP_STATUS_FLAG_INCONSISTENT", BtrfsAbi.QgroupStatusFlagInconsistent);
        Const("BTRFS_PATH_NAME_MAX", BtrfsAbi.PathNameMax);
        Const("BTRFS_SUBVOL_NAME_MAX", BtrfsAbi.SubvolNameMax);
        Const("BTRFS_INO_LOOKUP_PATH_MAX", BtrfsAbi.InoLookupPathMax);
        Const("BTRFS_SUPER_MAGIC", BtrfsSuperMagic);
        Const("FIEMAP_FLAG_SYNC", FiemapFlags.FlagSync);
        Const("FIEMAP_EXTENT_LAST", FiemapFlags.ExtentLast);
        Const("FIEMAP_EXTENT_UNKNOWN", FiemapFlags.ExtentUnknown);
        Const("FIEMAP_EXTENT_DELALLOC", FiemapFlags.ExtentDelalloc);
        Const("FIEMAP_EXTENT_ENCODED", FiemapFlags.ExtentEncoded);
        Const("FIEMAP_EXTENT_DATA_INLINE", FiemapFlags.ExtentDataInline);
        Const("FIEMAP_EXTENT_SHARED", FiemapFlags.ExtentShared);
        Const("O_DIRECTORY", (ulong)ODirectory);
        Const("O_NOFOLLOW", (ulong)ONoFollow);
        Const("O_CLOEXEC", OCloexec);
        Const("O_PATH", OPath);
        Const("O_NONBLOCK", ONonBlock);
        Const("AT_EMPTY_PATH", AtEmptyPath);
        Const("AT_SYMLINK_NOFOLLOW", AtSymlinkNoFollow);
        Const("STATX_TYPE", StatxType);
        Const("STATX_MODE", StatxMode);
        Const("STATX_NLINK", StatxNlink);
        Const("STATX_INO", StatxIno);
        Size<StatfsBuffer>("statfs");
        Offset<StatfsBuffer>("statfs", "f_type", nameof(StatfsBuffer.Type));
        Offset<StatfsBuffer>("statfs", "f_bsize", nameof(StatfsBuffer.BlockSize));
        Offset<StatfsBuffer>("statfs", "f_blocks", nameof(StatfsBuffer.Blocks));
        Offset<StatfsBuffer>("statfs", "f_bfree", nameof(StatfsBuffer.BlocksFree));
        Offset<StatfsBuffer>("statfs", "f_bavail", nameof(StatfsBuffer.BlocksAvailable));
        Size<StatxBuffer>("statx");
        Offset<StatxBuffer>("statx", "stx_nlink", nameof(StatxBuffer.LinkCount));
        Offset<StatxBuffer>("statx", "stx_mode", nameof(StatxBuffer.Mode));
        Offset<StatxBuffer>("statx", "stx_ino", nameof(StatxBuffer.Inode));
        Offset<StatxBuffer>("statx", "stx_size", nameof(StatxBuffer.Size));
        Offset<StatxBuffer>("statx", "stx_blocks", nameof(StatxBuffer.Blocks));
        Offset<StatxBuffer>("statx", "stx_dev_major", nameof(StatxBuffer.DevMajor));
        return e;
    }
}
